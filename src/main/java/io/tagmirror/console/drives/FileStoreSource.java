package io.tagmirror.console.drives;

import java.io.IOException;
import java.util.List;

/** Lists the machine's mounted file stores; a seam so the drives screen can be tested with made-up stores. */
@FunctionalInterface
public interface FileStoreSource {

    /**
     * Every mounted store, pseudo file systems included; may block for a long time on a dead
     * network mount, so call it off the FX thread.
     */
    List<DriveInfo> list() throws IOException;
}
