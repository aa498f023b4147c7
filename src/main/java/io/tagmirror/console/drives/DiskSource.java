package io.tagmirror.console.drives;

import io.tagmirror.operations.disks.SurveyedDrive;
import java.io.IOException;
import java.util.List;

/** Surveys the machine's disks for the drives screen; a seam so the screen can be tested with made-up disks. */
@FunctionalInterface
public interface DiskSource {

    /** No disks (a machine without sysfs). */
    DiskSource NONE = List::of;

    /** Every disk with its partitions; reads each drive's first bytes, so call it off the FX thread. */
    List<SurveyedDrive> read() throws IOException;
}
