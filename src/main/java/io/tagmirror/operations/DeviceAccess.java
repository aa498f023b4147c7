package io.tagmirror.operations;

import io.tagmirror.engine.device.DirectoryDevice;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How an operation gets a device for writing: the command line opens it for the one command and
 * closes it after; the console lends the one its session keeps open (and does not close it).
 */
public interface DeviceAccess {

    /** The device at {@code dir}, open for writing. */
    DirectoryDevice open(Path dir) throws IOException;

    /** Gives back a device {@link #open} handed out. */
    void done(DirectoryDevice device) throws IOException;

    /** Each device opened for the operation alone and closed after it: the command line's way. */
    static DeviceAccess exclusive() {
        return new DeviceAccess() {
            @Override
            public DirectoryDevice open(Path dir) throws IOException {
                return DirectoryDevice.open(dir, false);
            }

            @Override
            public void done(DirectoryDevice device) throws IOException {
                device.close();
            }
        };
    }
}
