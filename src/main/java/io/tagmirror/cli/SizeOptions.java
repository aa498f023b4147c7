package io.tagmirror.cli;

import io.tagmirror.engine.ByteSize;
import io.tagmirror.engine.TagMirrorException;
import io.tagmirror.workload.pattern.BlockSizeRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters that read every size, offset and length option with {@link ByteSize}, so
 * {@code --size 64MiB}, {@code --offset 4k} and {@code --bs 4k-64k} follow one rule; a value that is
 * not a size is a usage error, said before anything is opened.
 */
final class SizeOptions {
    private SizeOptions() {
    }

    /** A number of bytes: {@code 4096}, {@code 4k}, {@code 64MiB}. */
    static final class Bytes implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ByteSize.parse(value);
            } catch (TagMirrorException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A rate in bytes per second: {@code 100MiB}, {@code 20MiB/s}; never zero. */
    static final class Rate implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String bytes = value.endsWith("/s") ? value.substring(0, value.length() - 2) : value;
            long rate;
            try {
                rate = ByteSize.parse(bytes);
            } catch (TagMirrorException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (rate <= 0) {
                throw new TypeConversionException("a rate of " + value + " would never finish; give bytes per second,"
                        + " e.g. 50MiB");
            }
            return rate;
        }
    }

    /** The sizes of a pattern's writes: one size or a range, e.g. {@code 4k-64k}. */
    static final class WriteSizes implements ITypeConverter<BlockSizeRange> {
        @Override
        public BlockSizeRange convert(String value) {
            try {
                return BlockSizeRange.parse(value);
            } catch (TagMirrorException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
