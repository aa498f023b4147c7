package io.tagmirror.cli;

import io.tagmirror.workload.replay.Halter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line's exit codes, the one list that {@code --help} and {@code docs/formats.md} show.
 *
 * <p>Numbers are a contract with scripts, as {@code cmp}'s and {@code rsync}'s are: a code keeps its
 * number for good and a new outcome gets a new number.
 */
public enum ExitCode {
    OK(0, "done; compare also when the devices differ (it is a report: read its verdicts)"),
    FAILED(1, "refused or failed; standard error says why (a refusal changes nothing)"),
    USAGE(2, "bad usage: an unknown option, a missing or malformed parameter"),
    CRASHED(Halter.CRASH_STATUS, "replay ended with the host crash it was asked to inject (--crash-after)"),
    BLOCKS_DIFFER(4, "verify found blocks that differ between the devices"),
    CONFLICTS_LEFT(5, "repair --yes copied what it could but left conflicts or torn newest writes for a --policy"),
    CANCELLED(6, "stopped by Ctrl-C at a consistent step (compare, repair, verify, scrub, replace); run it again");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The table as picocli's exit-code-list section takes it: code to meaning, in order. */
    static Map<String, String> helpSection() {
        Map<String, String> rows = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            rows.put(Integer.toString(c.code), c.meaning);
        }
        return rows;
    }
}
