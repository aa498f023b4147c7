package io.tagmirror.operations.disks;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A disk or a partition as an administrator knows it (lsblk's and GNOME Disks' columns): what it is,
 * its size, what it carries and what uses it, with a disk's partitions inside it.
 *
 * @param name the kernel's name, e.g. {@code sda}, {@code sda1}, {@code loop0}, {@code nvme0n1p2}
 * @param node where to open it, e.g. {@code /dev/sda}
 * @param kind a whole disk of some sort, or a partition
 * @param sizeBytes its size
 * @param model the disk's model, a loop device's backing file, a device-mapper device's name; empty when unknown
 * @param serial the disk's serial number; empty when unknown or not a disk
 * @param media SSD, rotational, or virtual
 * @param removable whether the kernel calls it removable (USB sticks, card readers)
 * @param readOnly whether the kernel refuses writes to it
 * @param partitionTable for a disk: GPT, MBR, none, or unknown when it could not be read; empty for a partition
 * @param signatures what it carries by its magic bytes (ext4, swap, gpt, tagmirror, ...); empty when nothing known
 * @param readable whether it could be read at all; when not, {@code signatures} says nothing
 * @param uses what uses it now
 * @param partitions a disk's partitions, in order; empty for a partition
 */
public record SurveyedDrive(String name, Path node, Kind kind, long sizeBytes, String model, String serial,
                            Media media, boolean removable, boolean readOnly, String partitionTable,
                            List<String> signatures, boolean readable, List<DriveUse> uses,
                            List<SurveyedDrive> partitions) {

    /** What sort of block device. */
    public enum Kind {
        DISK("disk"), LOOP("loop device"), MAPPER("device mapper"), RAID("RAID (md)"), VIRTUAL("virtual disk"),
        PARTITION("partition");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What the blocks are stored on. */
    public enum Media {
        SSD("SSD"), ROTATIONAL("rotational"), VIRTUAL("virtual"), UNKNOWN("");

        private final String label;

        Media(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public SurveyedDrive {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(partitionTable, "partitionTable");
        signatures = List.copyOf(signatures);
        uses = List.copyOf(uses);
        partitions = List.copyOf(partitions);
    }

    /** The name an administrator types, e.g. {@code /dev/sda}. */
    public String devicePath() {
        return "/dev/" + name;
    }

    /** Whether it is a whole disk (formatting it takes every partition with it). */
    public boolean isWholeDisk() {
        return kind != Kind.PARTITION;
    }

    /** What it carries, in words: "ext4", "gpt", "nothing recognised", or "unknown" when it could not be read. */
    public String content() {
        if (!readable) {
            return "unknown";
        }
        return signatures.isEmpty() ? "nothing recognised" : String.join(", ", signatures);
    }

    /** What uses it, in words, or empty when nothing does. */
    public String usedBy() {
        return String.join("; ", uses.stream().map(DriveUse::describe).toList());
    }

    /** Whether something uses it, or one of its partitions, in a way that refuses formatting. */
    public boolean isBusy() {
        return uses.stream().anyMatch(DriveUse::blocksFormatting)
                || partitions.stream().anyMatch(SurveyedDrive::isBusy);
    }
}
