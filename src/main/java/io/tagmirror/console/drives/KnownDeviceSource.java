package io.tagmirror.console.drives;

import io.tagmirror.console.session.DeviceSummary;
import java.io.IOException;
import java.util.List;

/** Lists the workspace's devices for the drives screen; empty when no workspace is open. Called off the FX thread. */
@FunctionalInterface
public interface KnownDeviceSource {

    /** No workspace: no devices. */
    KnownDeviceSource NONE = List::of;

    List<DeviceSummary> list() throws IOException;
}
