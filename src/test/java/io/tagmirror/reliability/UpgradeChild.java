package io.tagmirror.reliability;

import io.tagmirror.engine.device.DirectoryDevice;
import java.nio.file.Path;

/** A child JVM that opens a device for writing (carrying a first-engine table into a log) and closes it. */
public final class UpgradeChild {
    private UpgradeChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.out.println("opening");
        System.out.flush();
        try (DirectoryDevice d = DirectoryDevice.open(dir, false)) {
            System.out.println("opened " + d.tagTable().count());
        }
    }
}
