package io.tagmirror.console;

import java.util.Objects;

/**
 * The console's name and version; the version comes from the jar manifest's
 * {@code Implementation-Version}, or is "dev" when running from classes.
 *
 * @param name the product name
 * @param version the release, e.g. "0.1.0", or "dev"
 */
public record AppInfo(String name, String version) {

    /** Shown when no manifest says otherwise, e.g. when running from an IDE or from tests. */
    public static final String DEV_VERSION = "dev";

    public AppInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** The info of the running build. */
    public static AppInfo current() {
        return new AppInfo("TagMirror", versionOr(AppInfo.class.getPackage().getImplementationVersion()));
    }

    static String versionOr(String manifestVersion) {
        return manifestVersion == null || manifestVersion.isBlank() ? DEV_VERSION : manifestVersion.trim();
    }
}
