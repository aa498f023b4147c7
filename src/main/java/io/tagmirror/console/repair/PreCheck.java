package io.tagmirror.console.repair;

import java.util.Objects;
import java.util.UUID;

/**
 * One check made before a compare and repair, with what to do when it fails.
 *
 * @param title what was checked, e.g. "device-b is reachable"
 * @param outcome passed, a warning, or failed (which blocks the repair)
 * @param detail what was found
 * @param advice what the administrator can do about a warning or failure; empty when it passed
 * @param offlineDevice for a device the mirror took offline although it is reachable: the device to bring back
 * @param lostDevice for a device whose data no entry describes (its object lost): the device to rebuild
 */
public record PreCheck(String title, Outcome outcome, String detail, String advice, UUID offlineDevice,
                       UUID lostDevice) {

    /** How a check ended. */
    public enum Outcome {
        PASSED("✓"), WARNING("▲"), FAILED("✕");

        private final String symbol;

        Outcome(String symbol) {
            this.symbol = symbol;
        }

        /** The symbol shown with the colour, so the outcome never depends on colour alone. */
        public String symbol() {
            return symbol;
        }
    }

    /** A check that offers no fix. */
    public PreCheck(String title, Outcome outcome, String detail, String advice, UUID offlineDevice) {
        this(title, outcome, detail, advice, offlineDevice, null);
    }

    public PreCheck {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
        advice = advice == null ? "" : advice;
    }

    static PreCheck passed(String title, String detail) {
        return new PreCheck(title, Outcome.PASSED, detail, "", null);
    }

    static PreCheck warning(String title, String detail, String advice) {
        return new PreCheck(title, Outcome.WARNING, detail, advice, null);
    }

    static PreCheck failed(String title, String detail, String advice) {
        return new PreCheck(title, Outcome.FAILED, detail, advice, null);
    }

    public boolean blocks() {
        return outcome == Outcome.FAILED;
    }
}
