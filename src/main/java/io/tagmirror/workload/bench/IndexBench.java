package io.tagmirror.workload.bench;

import io.tagmirror.engine.Device;
import io.tagmirror.engine.MirrorDefinition;
import io.tagmirror.engine.TaskMonitor;
import io.tagmirror.workspace.index.IndexRow;
import io.tagmirror.workspace.index.IndexSource;
import io.tagmirror.workspace.index.Positions;
import io.tagmirror.workspace.index.TagFilter;
import io.tagmirror.workspace.index.TagTableIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console's tag-table screen waits for with large tables, measured off the screen: building
 * its index from the devices' tables (the screen shows its first page when this ends), and reading a
 * page in the middle of the table as a scroll there does. The console's test asserts how few pages it
 * reads; the times are here, since tests never assert on time.
 */
final class IndexBench {
    /** Rows per page and rows between anchors, as the tag-table screen reads them. */
    private static final int PAGE = 200;
    private static final int ANCHOR_STRIDE = 2000;

    private IndexBench() {
    }

    static Map<String, Object> measure(Path file, MirrorDefinition mirror, List<? extends Device> devices) throws IOException {
        List<IndexSource> sources = new ArrayList<>();
        for (Device d : devices) {
            sources.add(IndexSource.of(d.uuid(), d.location(), d.tagTable()));
        }
        Files.deleteIfExists(file);
        long t = System.nanoTime();
        try (TagTableIndex index = TagTableIndex.build(file, mirror, sources, TaskMonitor.NONE)) {
            double buildSeconds = (System.nanoTime() - t) / 1e9;
            long p = System.nanoTime();
            Positions positions = index.positions(TagFilter.ALL, ANCHOR_STRIDE);
            List<IndexRow> first = index.page(TagFilter.ALL, null, false, 0, PAGE);
            double firstPageSeconds = (System.nanoTime() - p) / 1e9;
            long middle = positions.count() / 2;
            long m = System.nanoTime();
            List<IndexRow> rows = index.page(TagFilter.ALL, positions.anchorFor(middle), true,
                    positions.offsetFromAnchor(middle), PAGE);
            double middlePageSeconds = (System.nanoTime() - m) / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rows", positions.count());
            out.put("buildSeconds", buildSeconds);
            out.put("firstPageSeconds", firstPageSeconds);
            out.put("middlePageSeconds", middlePageSeconds);
            out.put("pageRows", Math.min(first.size(), rows.size()));
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
