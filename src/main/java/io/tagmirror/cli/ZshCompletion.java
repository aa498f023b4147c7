package io.tagmirror.cli;

/**
 * The zsh completion, {@code /usr/share/zsh/vendor-completions/_tagmirror}: zsh runs the bash
 * completion ({@link BashCompletion}) through its own {@code bashcompinit}, so both shells offer the
 * same commands, options, mirror names and device paths from one script, and a new command completes
 * in zsh without touching this class.
 *
 * <p>zsh loads the file as the function {@code _tagmirror} on the first Tab after {@code tagmirror}.
 * Sourcing the bash script there replaces that function with the bash one and registers it for the
 * Tabs that follow; the first is completed by calling it once.
 */
final class ZshCompletion {
    /** Where the package installs the bash completion, which this script runs. */
    static final String BASH_SCRIPT = "/usr/share/bash-completion/completions/tagmirror";

    private ZshCompletion() {
    }

    /** The script, reading the bash completion at {@code bashScript}. */
    static String render(String bashScript) {
        return """
                #compdef tagmirror
                # zsh completion for tagmirror(1): zsh runs the bash completion through bashcompinit, so both
                # shells complete the same commands, options, mirror names and device paths.
                autoload -U +X bashcompinit && bashcompinit
                source %s
                _bash_complete -F _tagmirror
                """.formatted(bashScript);
    }
}
