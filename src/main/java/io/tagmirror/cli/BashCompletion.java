package io.tagmirror.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The bash completion script, written from the command tree: commands and options come from the
 * picocli definitions, so a new command completes without touching this class; mirror names and
 * device paths are asked of the workspace when a word needs one (the hidden {@code completion-names}
 * command), so they are the workspace's of the moment, honouring a {@code --workspace} already typed.
 *
 * <p>Not picocli's {@code AutoComplete}: its script completes only fixed word lists and files, never
 * names that exist only in a workspace.
 */
final class BashCompletion {

    /** What the word at the cursor is completed with. */
    enum Kind {
        /** mirror names of the workspace */
        MIRROR("mirror"),
        /** device paths of the workspace, and directories */
        DEVICE("device"),
        /** directories */
        DIR("dir"),
        /** files and directories */
        FILE("file"),
        /** nothing: a number, a size, a new name */
        NONE("none");

        private final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    private final CommandLine root;

    BashCompletion(CommandLine root) {
        this.root = root;
    }

    /**
     * The kind of a parameter, told by its label (the same word {@code --help} shows): NAME is a
     * mirror of the workspace except the new one a {@code create} names, DIR a device (the workspace's
     * are offered besides directories) except the workspace directory itself, FILE, PATH and PROG a file;
     * {@code --mirror} takes a mirror of the workspace.
     */
    static Kind kindOf(ArgSpec arg) {
        String label = arg.paramLabel();
        boolean positional = arg.isPositional();
        if (arg instanceof OptionSpec o && o.longestName().equals("--workspace")) {
            return Kind.DIR;
        }
        if (arg instanceof OptionSpec o && o.longestName().equals("--mirror")) {
            return Kind.MIRROR;
        }
        if (label.equals("NAME") && positional) {
            boolean createsIt = arg.command().name().equals("create") && ((PositionalParamSpec) arg).index().min() == 0;
            return createsIt ? Kind.NONE : Kind.MIRROR;
        }
        if (label.equals("DIR") || label.equals("DIR|UUID")) {
            return Kind.DEVICE;
        }
        if (label.equals("FILE") || label.equals("PATH") || label.equals("PROG")) {
            return Kind.FILE;
        }
        return Kind.NONE;
    }

    /** The script, for {@code /usr/share/bash-completion/completions/tagmirror}. */
    String render() {
        Map<String, String> commands = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        collect(root, "tagmirror", commands, options, values);

        StringBuilder out = new StringBuilder();
        out.append("# bash completion for tagmirror(1): generated from the command line's definitions; edit those.\n");
        out.append("# Commands and options are listed here; mirror names and device paths are the workspace's,\n");
        out.append("# asked of 'tagmirror completion-names' when a word needs them.\n\n");
        // -g: bash-completion sources this file inside a function, where a plain declare is local.
        table(out, "_tagmirror_commands", commands);
        table(out, "_tagmirror_options", options);
        table(out, "_tagmirror_values", values);
        out.append(FUNCTIONS);
        return out.toString();
    }

    /**
     * Fills, for the command at {@code path} ("tagmirror", "tagmirror mirror create"): its
     * sub-commands, its options, and what each option's value and each positional completes with
     * (keys "path --opt", "path @N" for the N-th positional and "path @N+" for N and later).
     */
    private static void collect(CommandLine command, String path, Map<String, String> commands,
                                Map<String, String> options, Map<String, String> values) {
        CommandSpec spec = command.getCommandSpec();
        List<String> subs = new ArrayList<>();
        for (CommandLine sub : ManPage.visibleSubcommands(command)) {
            subs.add(sub.getCommandName());
            collect(sub, path + " " + sub.getCommandName(), commands, options, values);
        }
        commands.put(path, String.join(" ", subs));
        List<String> names = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            names.addAll(List.of(o.names()));
            if (o.arity().max() > 0) {
                for (String n : o.names()) {
                    values.put(path + " " + n, value(o));
                }
            }
        }
        options.put(path, String.join(" ", names));
        for (PositionalParamSpec p : spec.positionalParameters()) {
            CommandLine.Range index = p.index();
            if (index.isUnspecified() || index.max() == Integer.MAX_VALUE) {
                values.put(path + " @" + index.min() + "+", value(p));
            } else {
                for (int i = index.min(); i <= index.max(); i++) {
                    values.put(path + " @" + i, value(p));
                }
            }
        }
    }

    /** "kind" or, for a parameter with fixed candidates (an enum), "words:a b c". */
    private static String value(ArgSpec arg) {
        Iterable<String> candidates = arg.completionCandidates();
        if (candidates != null) {
            List<String> words = new ArrayList<>();
            for (Iterator<String> it = candidates.iterator(); it.hasNext(); ) {
                words.add(it.next());
            }
            if (!words.isEmpty()) {
                return "words:" + String.join(" ", words);
            }
        }
        return kindOf(arg).word;
    }

    private static void table(StringBuilder out, String name, Map<String, String> rows) {
        out.append("declare -gA ").append(name).append("=(\n");
        for (Map.Entry<String, String> row : rows.entrySet()) {
            out.append("  [").append(quote(row.getKey())).append("]=").append(quote(row.getValue())).append('\n');
        }
        out.append(")\n\n");
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Walks the words before the cursor: sub-command names deepen the path, an option that takes a
     * value skips that value, anything else is a positional. Then completes the word at the cursor.
     */
    private static final String FUNCTIONS = """
            # Prints the workspace's mirror names or device paths; silent when there is no workspace.
            # The program asked is the one being completed, so an unpacked or moved copy answers too.
            _tagmirror_names()
            {
                local kind=$1; shift
                "$_tagmirror_program" completion-names "$kind" "$@" 2>/dev/null
            }

            # Completes CUR with KIND (mirror, device, dir, file, none or words:...).
            _tagmirror_complete_value()
            {
                local kind=$1 cur=$2; shift 2
                local IFS=$'\\n'
                case "$kind" in
                    words:*)
                        COMPREPLY=( $(IFS=' ' compgen -W "${kind#words:}" -- "$cur") ) ;;
                    mirror)
                        COMPREPLY=( $(compgen -W "$(_tagmirror_names mirrors "$@")" -- "$cur") ) ;;
                    device)
                        compopt -o filenames 2>/dev/null
                        COMPREPLY=( $(compgen -W "$(_tagmirror_names devices "$@")" -- "$cur") $(compgen -d -- "$cur") ) ;;
                    dir)
                        compopt -o filenames 2>/dev/null
                        COMPREPLY=( $(compgen -d -- "$cur") ) ;;
                    file)
                        compopt -o filenames 2>/dev/null
                        COMPREPLY=( $(compgen -f -- "$cur") ) ;;
                    *)
                        COMPREPLY=() ;;
                esac
            }

            # Command paths ($at) start with the program's name: bash has no empty key in an associative array. Keys are
            # written unquoted in subscripts (bash expands them as one word anyway): zsh, which runs this
            # script through bashcompinit, would take the quotes as part of the key; and no variable is
            # named path, which zsh ties to PATH.
            _tagmirror()
            {
                local cur=${COMP_WORDS[COMP_CWORD]} at=tagmirror i word positional=0 skip=''
                local _tagmirror_program=${COMP_WORDS[0]}
                local -a workspace=()
                COMPREPLY=()
                for (( i = 1; i < COMP_CWORD; i++ )); do
                    word=${COMP_WORDS[i]}
                    # With '=' in COMP_WORDBREAKS (bash's default) --opt=VALUE arrives as three words.
                    [[ $word == = ]] && continue
                    if [[ -n $skip ]]; then
                        [[ $skip == --workspace ]] && workspace=(--workspace "$word")
                        skip=''
                        continue
                    fi
                    case "$word" in
                        --workspace=*) workspace=(--workspace "${word#--workspace=}"); continue ;;
                        --*=*) continue ;;
                        -*)
                            [[ -n ${_tagmirror_values[$at $word]+set} ]] && skip=$word
                            continue ;;
                    esac
                    if [[ $positional == 0 && " ${_tagmirror_commands[$at]} " == *" $word "* ]]; then
                        at="$at $word"
                    else
                        (( positional++ ))
                    fi
                done

                [[ $cur == = ]] && cur=''
                if [[ -n $skip ]]; then
                    _tagmirror_complete_value "${_tagmirror_values[$at $skip]}" "$cur" "${workspace[@]}"
                    return 0
                fi
                if [[ $cur == --*=* ]]; then
                    # '=' is no word break here: the whole word is replaced, so the replies keep the option.
                    local option=${cur%%=*}
                    if [[ -n ${_tagmirror_values[$at $option]+set} ]]; then
                        _tagmirror_complete_value "${_tagmirror_values[$at $option]}" "${cur#*=}" "${workspace[@]}"
                        COMPREPLY=( "${COMPREPLY[@]/#/$option=}" )
                    fi
                    return 0
                fi
                if [[ $cur == -* ]]; then
                    COMPREPLY=( $(compgen -W "${_tagmirror_options[$at]}" -- "$cur") )
                    return 0
                fi
                if [[ $positional == 0 && -n ${_tagmirror_commands[$at]} ]]; then
                    COMPREPLY=( $(compgen -W "${_tagmirror_commands[$at]}" -- "$cur") )
                    return 0
                fi
                local kind=${_tagmirror_values[$at @$positional]} n
                if [[ -z $kind ]]; then
                    for (( n = positional; n >= 0; n-- )); do
                        kind=${_tagmirror_values[$at @$n+]}
                        [[ -n $kind ]] && break
                    done
                fi
                _tagmirror_complete_value "${kind:-none}" "$cur" "${workspace[@]}"
                return 0
            }

            complete -F _tagmirror tagmirror
            """;
}
