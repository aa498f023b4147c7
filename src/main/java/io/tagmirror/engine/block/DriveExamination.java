package io.tagmirror.engine.block;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A look at a drive before anything is written to it, for those who show it to an administrator: what
 * it carries, and whether formatting it would be refused. Writes nothing.
 */
public final class DriveExamination {

    private DriveExamination() {
    }

    /**
     * What {@code node} (of {@code sizeBytes}) carries by its magic bytes, in blkid's words (ext4, gpt,
     * swap, tagmirror, ...); empty when nothing known. Opens it read-only, without a claim, so a
     * mounted or held drive can be looked at too.
     */
    public static List<String> signatures(Path node, long sizeBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(node, StandardOpenOption.READ)) {
            return Signatures.find(ch, sizeBytes);
        }
    }

    /**
     * Runs the checks {@code device create PATH} runs before it writes, without writing: a drive in use
     * is refused ({@link DriveInUseException}), one carrying a signature too
     * ({@link SignatureFoundException}, which a forced format would go past), one too small for the
     * metadata as well. Returns the drive's size in bytes. The exclusive claim a disk takes for the
     * check is released before returning.
     */
    public static long check(Path path) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        DriveSafety.Drive drive = DriveSafety.check(abs, false);
        try (AutoCloseable claim = drive.claim()) {
            BlockLayout.forDevice(abs.toString(), drive.sizeBytes());
            return drive.sizeBytes();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
