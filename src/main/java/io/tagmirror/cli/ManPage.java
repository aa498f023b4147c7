package io.tagmirror.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One manual page in troff ({@code man(7)} macros), written from the same picocli definitions as
 * {@code --help}: {@code tagmirror(1)} for the root, {@code tagmirror-NAME(1)} for each top-level
 * command with all the commands below it as sections.
 *
 * <p>Troff directly rather than picocli's AsciiDoc generator: AsciiDoc needs Asciidoctor (Ruby) at
 * build time to become a page {@code man} can read, and the macros used here are the few every
 * {@code man} renders.
 */
final class ManPage {

    private final CommandLine command;
    private final String version;
    private final String date;

    /**
     * @param command the root or a top-level command of the tree
     * @param version the product version for the page footer
     * @param date the page's date, {@code YYYY-MM-DD} (the build's, so the pages are reproducible)
     */
    ManPage(CommandLine command, String version, String date) {
        this.command = command;
        this.version = version;
        this.date = date;
    }

    /** {@code tagmirror} for the root, {@code tagmirror-mirror} for {@code tagmirror mirror}. */
    static String pageName(CommandLine command) {
        return command.getCommandSpec().qualifiedName("-");
    }

    /** The page's troff source. */
    String render() {
        CommandSpec spec = command.getCommandSpec();
        boolean root = spec.parent() == null;
        StringBuilder out = new StringBuilder();
        String name = pageName(command);
        out.append(".\\\" Generated from the command line's definitions; edit those, not this page.\n");
        out.append(".TH ").append(quote(name.toUpperCase())).append(" 1 ").append(quote(date)).append(' ')
                .append(quote("TagMirror " + version)).append(' ').append(quote("TagMirror Manual")).append('\n');
        // Left-aligned and unhyphenated: option names and page names must stay whole to be typed.
        out.append(".nh\n.ad l\n");
        out.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary(spec))).append('\n');

        out.append(".SH SYNOPSIS\n");
        if (root) {
            out.append(".B tagmirror\n.RB [ \\-\\-workspace\n.IR DIR ]\n.br\n");
        }
        for (CommandLine c : leaves(command)) {
            synopsis(out, c);
        }

        out.append(".SH DESCRIPTION\n");
        paragraphs(out, spec.usageMessage().description());
        if (root) {
            out.append(".PP\n").append(escape(ROOT_DESCRIPTION)).append('\n');
            commandList(out);
        }

        List<OptionSpec> shared = sharedOptions(leaves(command));
        if (!shared.isEmpty()) {
            out.append(".SH OPTIONS\n");
            if (!root && leaves(command).size() > 1) {
                out.append("Every command of this page takes these options.\n");
            }
            options(out, shared);
        }
        if (!root) {
            commandSections(out, shared);
        }

        out.append(".SH EXIT STATUS\n");
        for (Map.Entry<String, String> row : ExitCode.helpSection().entrySet()) {
            out.append(".TP\n.B ").append(row.getKey()).append('\n').append(escape(row.getValue())).append('\n');
        }
        out.append(".SH ENVIRONMENT\n");
        definitions(out, ENVIRONMENT);
        out.append(".SH FILES\n");
        definitions(out, FILES);
        seeAlso(out);
        return out.toString();
    }

    /** The root's page lists the commands, each with the page that describes it. */
    private void commandList(StringBuilder out) {
        out.append(".SH COMMANDS\n");
        for (CommandLine sub : visibleSubcommands(command)) {
            out.append(".TP\n.B ").append(escape(sub.getCommandName())).append('\n')
                    .append(escape(summary(sub.getCommandSpec()))).append(". See\n.BR ")
                    .append(escape(pageName(sub))).append(" (1).\n");
        }
    }

    /** A top-level command's page: each command under it (or it alone) with its own options. */
    private void commandSections(StringBuilder out, List<OptionSpec> shared) {
        List<CommandLine> leaves = leaves(command);
        if (leaves.size() == 1 && leaves.get(0) == command) {
            List<OptionSpec> own = ownOptions(command.getCommandSpec(), shared);
            List<PositionalParamSpec> params = describedPositionals(command.getCommandSpec());
            if (!own.isEmpty() || !params.isEmpty()) {
                out.append(".SH ").append(shared.isEmpty() ? "OPTIONS" : "PARAMETERS").append('\n');
                positionals(out, params);
                options(out, own);
            }
            return;
        }
        out.append(".SH COMMANDS\n");
        for (CommandLine leaf : leaves) {
            CommandSpec spec = leaf.getCommandSpec();
            out.append(".SS ").append(quote(spec.qualifiedName())).append('\n');
            synopsis(out, leaf);
            out.append(".PP\n");
            paragraphs(out, spec.usageMessage().description());
            positionals(out, describedPositionals(spec));
            options(out, ownOptions(spec, shared));
        }
    }

    private static void synopsis(StringBuilder out, CommandLine c) {
        CommandSpec spec = c.getCommandSpec();
        String line = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(Ansi.OFF)).synopsis(0)
                .replaceAll("\\s+", " ").strip();
        String name = spec.qualifiedName();
        String rest = line.startsWith(name) ? line.substring(name.length()).strip() : line;
        out.append(".B ").append(escape(name)).append('\n');
        if (!rest.isEmpty()) {
            out.append(escape(rest)).append('\n');
        }
        out.append(".br\n");
    }

    private static void options(StringBuilder out, List<OptionSpec> options) {
        for (OptionSpec o : options) {
            out.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + escape(n) + "\\fR");
            }
            out.append(String.join(", ", names));
            if (o.arity().max() > 0) {
                out.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            out.append('\n').append(escape(joined(o.description()))).append('\n');
        }
    }

    private static void positionals(StringBuilder out, List<PositionalParamSpec> params) {
        for (PositionalParamSpec p : params) {
            out.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
                    .append(escape(joined(p.description()))).append('\n');
        }
    }

    private static void definitions(StringBuilder out, Map<String, String> rows) {
        for (Map.Entry<String, String> row : rows.entrySet()) {
            out.append(".TP\n.I ").append(escape(row.getKey())).append('\n').append(escape(row.getValue())).append('\n');
        }
    }

    private void seeAlso(StringBuilder out) {
        List<String> pages = new ArrayList<>();
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        if (root != command) {
            pages.add("tagmirror");
        }
        for (CommandLine sub : visibleSubcommands(root)) {
            if (sub != command) {
                pages.add(pageName(sub));
            }
        }
        out.append(".SH SEE ALSO\n");
        for (int i = 0; i < pages.size(); i++) {
            out.append(".BR ").append(escape(pages.get(i))).append(" (1)").append(i < pages.size() - 1 ? "," : "").append('\n');
        }
        out.append(".PP\nThe user guide and the recovery guide: docs/user\\-guide.md and docs/recovery.md in TagMirror's sources.\n");
    }

    /**
     * Options every one of {@code commands} has (the workspace, --json, help): listed once, not on
     * every command of a page.
     */
    private static List<OptionSpec> sharedOptions(List<CommandLine> commands) {
        Map<String, OptionSpec> common = new LinkedHashMap<>();
        for (OptionSpec o : commands.get(0).getCommandSpec().options()) {
            if (!o.hidden()) {
                common.put(o.longestName(), o);
            }
        }
        for (CommandLine c : commands.subList(1, commands.size())) {
            common.keySet().retainAll(c.getCommandSpec().options().stream().map(OptionSpec::longestName)
                    .collect(Collectors.toSet()));
        }
        return sorted(new ArrayList<>(common.values()));
    }

    private static List<OptionSpec> ownOptions(CommandSpec spec, List<OptionSpec> shared) {
        List<String> sharedNames = shared.stream().map(OptionSpec::longestName).toList();
        return sorted(spec.options().stream().filter(o -> !o.hidden() && !sharedNames.contains(o.longestName()))
                .collect(Collectors.toCollection(ArrayList::new)));
    }

    private static List<OptionSpec> sorted(List<OptionSpec> options) {
        options.sort((a, b) -> a.longestName().replaceFirst("^-+", "").compareToIgnoreCase(b.longestName().replaceFirst("^-+", "")));
        return options;
    }

    private static List<PositionalParamSpec> describedPositionals(CommandSpec spec) {
        return spec.positionalParameters().stream()
                .filter(p -> !p.hidden() && p.description().length > 0 && !joined(p.description()).isBlank()).toList();
    }

    /** The commands that run something: {@code command} itself when it has no visible sub-commands. */
    static List<CommandLine> leaves(CommandLine command) {
        List<CommandLine> subs = visibleSubcommands(command);
        if (subs.isEmpty() || command.getParent() == null) {
            return List.of(command);
        }
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine sub : subs) {
            out.addAll(leaves(sub));
        }
        return out;
    }

    /** Sub-commands in their declared order, without aliases and hidden ones. */
    static List<CommandLine> visibleSubcommands(CommandLine command) {
        List<CommandLine> out = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : command.getSubcommands().entrySet()) {
            CommandLine sub = e.getValue();
            if (e.getKey().equals(sub.getCommandName()) && !sub.getCommandSpec().usageMessage().hidden()) {
                out.add(sub);
            }
        }
        return out;
    }

    private static String summary(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        String first = description.length == 0 ? "" : format(description[0]).split("\n")[0].strip();
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private static void paragraphs(StringBuilder out, String[] description) {
        String text = format(String.join("\n", description));
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.append(escape(line.strip())).append('\n');
            }
        }
    }

    private static String joined(String[] lines) {
        return format(String.join(" ", lines)).replace('\n', ' ').strip();
    }

    /** picocli's descriptions are format strings: {@code %n} is a line break, {@code %%} a percent sign. */
    private static String format(String text) {
        return text.replace("%n", "\n").replace("%%", "%");
    }

    /** Text safe on a troff line: backslashes and hyphens escaped, no control character at its start. */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\\(dq") + "\"";
    }

    private static final String ROOT_DESCRIPTION = "Started without arguments (or with --workspace DIR alone) it"
            + " opens the desktop console; with a command it is the command line described here. Each command"
            + " has its own page, named in COMMANDS; tagmirror COMMAND --help shows the same options.";

    private static final Map<String, String> ENVIRONMENT = new LinkedHashMap<>();
    private static final Map<String, String> FILES = new LinkedHashMap<>();

    static {
        ENVIRONMENT.put("TAGMIRROR_WORKSPACE", "the workspace directory when --workspace is not given.");
        ENVIRONMENT.put("XDG_DATA_HOME", "the default workspace is $XDG_DATA_HOME/tagmirror (else ~/.local/share/tagmirror).");
        ENVIRONMENT.put("XDG_CACHE_HOME", "SQLite's native library is kept in $XDG_CACHE_HOME/tagmirror (else ~/.cache/tagmirror).");
        FILES.put("~/.local/share/tagmirror/catalog.db", "the default workspace's catalog: the devices and mirrors it knows,"
                + " and the history of compares, repairs, verifies and replays (a cache: mirrors can be imported again"
                + " from their devices).");
        FILES.put("~/.local/share/tagmirror/run/NAME.sock", "the Unix socket on which tagmirror serve NAME serves the"
                + " mirror, owner-only, removed when it stops.");
        FILES.put("/etc/tagmirror/NAME.conf", "how the service tagmirror-serve@NAME serves mirror NAME:"
                + " TAGMIRROR_WORKSPACE and TAGMIRROR_SERVE_OPTIONS (an example: /usr/share/doc/tagmirror/examples/serve.conf).");
        FILES.put("DIR/device.json", "a directory device's identity: its uuid, block size, format version and the mirrors"
                + " it belongs to, with their other members.");
        FILES.put("DIR/tags.log", "a directory device's tag table: the writes it received that are not yet known to be"
                + " on every member (tags.db on devices of the first format).");
        FILES.put("DIR/objects/", "a directory device's storage objects, sparse files.");
        FILES.put("~/.cache/tagmirror/", "SQLite's native library, unpacked once per version.");
    }
}
