/**
 * The framing of TagMirror's append-only logs, after LevelDB's log format: records cut into fragments
 * inside 32 KiB blocks, each fragment behind a header of a masked CRC32C, a length and a fragment type,
 * so a torn tail is recognised and ignored when the log is opened, and damage before it is named.
 *
 * <p>This package knows nothing of what the records mean: the tag log of a device
 * ({@code io.tagmirror.engine.device}) gives them their types.
 */
package io.tagmirror.engine.log;
