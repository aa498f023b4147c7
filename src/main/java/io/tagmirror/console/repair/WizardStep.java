package io.tagmirror.console.repair;

/** The steps of the guided compare and repair, in order. */
public enum WizardStep {
    CHOOSE("Choose mirror"),
    PRECHECK("Pre-checks"),
    COMPARE("Compare"),
    REVIEW("Review"),
    CONFIRM("Confirm"),
    REPAIR("Repair"),
    VERIFY("Verify"),
    REPORT("Report");

    private final String label;

    WizardStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** "3. Compare": the step's number and name, as the step list shows it. */
    public String numbered() {
        return (ordinal() + 1) + ". " + label;
    }
}
