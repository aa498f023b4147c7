package io.tagmirror.engine.block;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.TagTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a block device's tag log says of itself: its region named once ("the tag log of IMAGE"), not twice. */
class BlockLogMessagesTest {
    @TempDir
    Path tmp;

    @Test
    void aClosedLogIsNamedOnce() throws Exception {
        Path image = tmp.resolve("a.img");
        BlockDevice d = BlockDevice.createImage(image, 32L << 20, 4096);
        TagTable table = d.tagTable();
        d.close();
        assertThatThrownBy(table::sync).isInstanceOf(TagMirrorException.class)
                .hasMessage("the tag log of " + image + " is closed");
    }
}
