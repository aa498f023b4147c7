package io.tagmirror.workload.replay;

import io.tagmirror.engine.DeviceAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/** Tells which device a directory an administrator named is, for the faults that name devices. */
@FunctionalInterface
public interface DeviceResolver {

    /**
     * The uuid of the device in {@code dir}.
     *
     * @throws io.tagmirror.engine.TagMirrorException when {@code dir} is not a device
     */
    UUID resolve(Path dir) throws IOException;

    /** Reads the device's own descriptor: works for any device directory, known to a workspace or not. */
    static DeviceResolver byDescriptor() {
        return dir -> DeviceAddress.at(dir).readDescriptor().uuid();
    }
}
