package io.tagmirror.engine;

/**
 * A member a mirror is opened without, with where it was last known to be and why it could not be
 * opened, so every refusal that follows can say which device is missing and why.
 */
public record UnavailableDevice(String location, String reason) {
}
