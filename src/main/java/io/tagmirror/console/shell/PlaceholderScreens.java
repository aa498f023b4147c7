package io.tagmirror.console.shell;

import io.tagmirror.console.ui.Badge;
import io.tagmirror.console.shell.PlaceholderScreen.LegendEntry;
import java.util.List;

/** The empty-state screen of each section, used until a real screen is registered for it. */
public final class PlaceholderScreens {

    private PlaceholderScreens() {
    }

    public static PlaceholderScreen forSection(Section section) {
        return switch (section) {
            case DRIVES -> new PlaceholderScreen(section.label(), section.icon(), "No drives listed yet",
                    "The file systems mounted on this machine will be listed here with their capacity "
                            + "and free space.", List.of());
            case DEVICES -> new PlaceholderScreen(section.label(), section.icon(), "No devices yet",
                    "Each device of the open workspace will be listed here with its tag table, the tags "
                            + "of the writes it holds, compared with its mirror partners:",
                    List.of(new LegendEntry("=", "Matched", Badge.MATCHED),
                            new LegendEntry("+", "Only here", Badge.ONLY_HERE),
                            new LegendEntry("✕", "Conflict", Badge.MATCH_CONFLICT)));
            case MIRRORS -> new PlaceholderScreen(section.label(), section.icon(), "No mirrors yet",
                    "Mirrors keep devices consistent by tagged writes. Each mirror of the open workspace "
                            + "will be listed here with its state:",
                    List.of(new LegendEntry("✓", "In sync", Badge.IN_SYNC),
                            new LegendEntry("≠", "Diverged", Badge.DIVERGED),
                            new LegendEntry("▲", "Degraded", Badge.DEGRADED),
                            new LegendEntry("✕", "Conflict", Badge.CONFLICT)));
            case TAG_TABLES -> new PlaceholderScreen(section.label(), section.icon(), "No mirror chosen",
                    "The tag tables of a mirror's devices will be shown here side by side, one row per tag:",
                    List.of(new LegendEntry("=", "Matched", Badge.MATCHED),
                            new LegendEntry("+", "Only here", Badge.ONLY_HERE),
                            new LegendEntry("✕", "Conflict", Badge.MATCH_CONFLICT)));
            case BLOCK_MAP -> new PlaceholderScreen(section.label(), section.icon(), "No mirror chosen",
                    "A mirror's blocks will be drawn here as cells, the blocks its devices disagree on highlighted.",
                    List.of());
            case REPLAY -> new PlaceholderScreen(section.label(), section.icon(), "No replay yet",
                    "Replay a trace or a pattern against a mirror, with faults.", List.of());
            case HISTORY -> new PlaceholderScreen(section.label(), section.icon(), "No history yet",
                    "Tagged writes, comparisons, resyncs and repairs will be recorded here, newest first, "
                            + "with how each one ended.", List.of());
        };
    }
}
