package io.tagmirror.cli;

import picocli.CommandLine.IVersionProvider;

/** The version recorded in the jar's manifest at build time. */
public final class VersionProvider implements IVersionProvider {
    /** The product version, "dev" when run from classes rather than the jar. */
    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"TagMirror " + version()};
    }
}
