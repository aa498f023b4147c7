package io.tagmirror.console;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the console takes on its command line: nothing, or {@code --workspace DIR} as every command
 * takes it. Anything else is a command for the command line.
 *
 * @param workspace the folder given with {@code --workspace}, if any
 */
public record ConsoleArguments(Optional<Path> workspace) {

    private static final String WORKSPACE = "--workspace";

    /** The console's arguments in {@code args}, or empty when {@code args} are a command for the command line. */
    public static Optional<ConsoleArguments> parse(String... args) {
        try {
            if (args.length == 0) {
                return Optional.of(new ConsoleArguments(Optional.empty()));
            }
            if (args.length == 2 && args[0].equals(WORKSPACE) && !args[1].isBlank()) {
                return Optional.of(new ConsoleArguments(Optional.of(Path.of(args[1]))));
            }
            if (args.length == 1 && args[0].startsWith(WORKSPACE + "=") && args[0].length() > WORKSPACE.length() + 1) {
                return Optional.of(new ConsoleArguments(Optional.of(Path.of(args[0].substring(WORKSPACE.length() + 1)))));
            }
        } catch (InvalidPathException e) {
            // Left to the command line, which refuses the path in its own words.
        }
        return Optional.empty();
    }
}
