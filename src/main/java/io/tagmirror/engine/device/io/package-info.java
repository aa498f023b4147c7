/**
 * The file I/O under a directory device's storage objects, as a seam: the operating system's by
 * default, a recording or fault-injecting layer in reliability tests.
 */
package io.tagmirror.engine.device.io;
