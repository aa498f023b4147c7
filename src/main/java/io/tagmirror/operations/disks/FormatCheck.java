package io.tagmirror.operations.disks;

import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.engine.block.DriveExamination;
import io.tagmirror.engine.block.SignatureFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code device create PATH} would say about a disk, partition or image file, asked before anything
 * is written so a face can show it: ready, carrying something a forced format would destroy, or refused
 * (in use, too small, not a drive). The checks are the engine's own, the ones the format runs again.
 *
 * @param path the drive or image file
 * @param verdict what the checks found
 * @param message the administrator's sentence when it is not ready, else empty
 * @param signatures what it carries when {@link Verdict#CARRIES_SIGNATURE}, in blkid's words
 * @param sizeBytes its size when ready, else 0
 */
public record FormatCheck(Path path, Verdict verdict, String message, List<String> signatures, long sizeBytes) {

    /** What the checks found. */
    public enum Verdict {
        /** Nothing in the way: formatting it may go ahead. */
        READY,
        /** It carries a file system, a partition table or another device: only a forced format goes on. */
        CARRIES_SIGNATURE,
        /** It is in use, too small, or not a drive: no format goes on, forced or not. */
        REFUSED
    }

    public FormatCheck {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(message, "message");
        signatures = List.copyOf(signatures);
    }

    /** Runs the checks on {@code path}; writes nothing. A failure to read is a refusal, said as such. */
    public static FormatCheck of(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        try {
            long size = DriveExamination.check(abs);
            return new FormatCheck(abs, Verdict.READY, "", List.of(), size);
        } catch (SignatureFoundException e) {
            return new FormatCheck(abs, Verdict.CARRIES_SIGNATURE, TagMirrorException.firstLine(e.getMessage()),
                    e.signatures(), 0);
        } catch (TagMirrorException e) {
            return new FormatCheck(abs, Verdict.REFUSED, TagMirrorException.firstLine(e.getMessage()), List.of(), 0);
        } catch (IOException e) {
            return new FormatCheck(abs, Verdict.REFUSED, abs + " cannot be read: " + e.getMessage(), List.of(), 0);
        }
    }
}
