package io.tagmirror.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Writes the files a package installs beside the program, from the command tree: the manual pages
 * ({@code man/tagmirror.1}, {@code man/tagmirror-COMMAND.1} for each command), the bash completion
 * ({@code bash-completion/tagmirror}) and the zsh completion that runs it ({@code zsh-completion/_tagmirror}).
 * The installer build runs it; see docs/install.md.
 */
public final class PackageFiles {

    private PackageFiles() {
    }

    /** {@code PackageFiles OUT_DIR VERSION DATE}, DATE as YYYY-MM-DD. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: PackageFiles OUT_DIR VERSION YYYY-MM-DD");
            System.exit(ExitCode.USAGE.code());
        }
        LocalDate.parse(args[2]);
        List<Path> written = write(Paths.get(args[0]), args[1], args[2]);
        System.out.println("wrote " + written.size() + " files under " + args[0]);
    }

    /** Writes the pages and the completions under {@code out}; returns the files written. */
    static List<Path> write(Path out, String version, String date) throws IOException {
        CommandLine root = TagMirrorCli.commandLine(new StopRequest());
        List<Path> written = new ArrayList<>();
        Path man = Files.createDirectories(out.resolve("man"));
        List<CommandLine> pages = new ArrayList<>();
        pages.add(root);
        pages.addAll(ManPage.visibleSubcommands(root));
        for (CommandLine page : pages) {
            Path file = man.resolve(ManPage.pageName(page) + ".1");
            Files.writeString(file, new ManPage(page, version, date).render(), StandardCharsets.UTF_8);
            written.add(file);
        }
        Path completion = Files.createDirectories(out.resolve("bash-completion")).resolve("tagmirror");
        Files.writeString(completion, new BashCompletion(root).render(), StandardCharsets.UTF_8);
        written.add(completion);
        Path zsh = Files.createDirectories(out.resolve("zsh-completion")).resolve("_tagmirror");
        Files.writeString(zsh, ZshCompletion.render(ZshCompletion.BASH_SCRIPT), StandardCharsets.UTF_8);
        written.add(zsh);
        return written;
    }
}
