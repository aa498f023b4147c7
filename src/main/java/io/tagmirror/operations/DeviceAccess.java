package io.tagmirror.operations;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.DeviceAddress;
import java.io.IOException;

/**
 * How an operation gets a device for writing: the command line opens it for the one command and
 * closes it after; the console lends the one its session keeps open (and does not close it).
 */
public interface DeviceAccess {

    /** The device at {@code address}, open for writing. */
    Device open(DeviceAddress address) throws IOException;

    /** Gives back a device {@link #open} handed out. */
    void done(Device device) throws IOException;

    /** Each device opened for the operation alone and closed after it: the command line's way. */
    static DeviceAccess exclusive() {
        return new DeviceAccess() {
            @Override
            public Device open(DeviceAddress address) throws IOException {
                return address.open(false);
            }

            @Override
            public void done(Device device) throws IOException {
                device.close();
            }
        };
    }
}
