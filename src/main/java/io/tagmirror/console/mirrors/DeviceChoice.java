package io.tagmirror.console.mirrors;

import io.tagmirror.console.session.DeviceSummary;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A device offered in the "Create mirror" dialog, and whether it is picked. */
public final class DeviceChoice {

    private final DeviceSummary device;
    private final BooleanProperty picked = new SimpleBooleanProperty(this, "picked", false);

    public DeviceChoice(DeviceSummary device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    public DeviceSummary device() {
        return device;
    }

    public BooleanProperty pickedProperty() {
        return picked;
    }

    public boolean isPicked() {
        return picked.get();
    }

    @Override
    public String toString() {
        return device.path() + "  ·  block size " + device.blockSize()
                + (device.mirrors().isEmpty() ? "" : "  ·  in " + String.join(", ", device.mirrors()));
    }
}
