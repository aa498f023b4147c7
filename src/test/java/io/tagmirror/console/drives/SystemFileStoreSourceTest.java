package io.tagmirror.console.drives;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemFileStoreSourceTest {

    @Test
    void listsAtLeastTheStoreOfTheRootDirectory() throws IOException {
        List<DriveInfo> drives = new SystemFileStoreSource().list();

        assertThat(drives).isNotEmpty();
        assertThat(drives).allSatisfy(drive -> assertThat(drive.mountPoint()).isNotBlank());
        assertThat(drives).extracting(DriveInfo::mountPoint).doesNotHaveDuplicates();
        assertThat(drives).anySatisfy(drive -> assertThat(drive.hasSizes()).isTrue());
    }

    @Test
    void mountPointIsTheStoreTextWithoutItsName() {
        assertThat(SystemFileStoreSource.mountPointOf(new NamedStore("/mnt/backup (/dev/sdb1)", "/dev/sdb1")))
                .isEqualTo("/mnt/backup");
        assertThat(SystemFileStoreSource.mountPointOf(new NamedStore("/weird", "other"))).isEqualTo("/weird");
    }

    /** A store that only knows how it prints itself. */
    private static final class NamedStore extends FileStore {
        private final String text;
        private final String name;

        NamedStore(String text, String name) {
            this.text = text;
            this.name = name;
        }

        @Override
        public String toString() {
            return text;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String type() {
            return "ext4";
        }

        @Override
        public boolean isReadOnly() {
            return false;
        }

        @Override
        public long getTotalSpace() {
            return 0;
        }

        @Override
        public long getUsableSpace() {
            return 0;
        }

        @Override
        public long getUnallocatedSpace() {
            return 0;
        }

        @Override
        public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
            return false;
        }

        @Override
        public boolean supportsFileAttributeView(String name) {
            return false;
        }

        @Override
        public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
            return null;
        }

        @Override
        public Object getAttribute(String attribute) {
            return null;
        }
    }
}
