package io.tagmirror.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The serve unit {@code tagmirror-serve@.service} read as systemd reads it, so a test runs its command
 * line as systemd would without systemd: {@code %i} is the instance, the environment file's
 * assignments and the unit's {@code Environment=} lines make the environment, and in
 * {@code ExecStart=} an unbraced {@code $VAR} becomes the words of its value, {@code ${VAR}} one word
 * (systemd.service(5), "Command lines").
 */
final class ServeUnit {

    private final Map<String, List<String>> settings = new LinkedHashMap<>();

    ServeUnit(Path file) throws IOException {
        String section = "";
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
                continue;
            }
            int eq = line.indexOf('=');
            settings.computeIfAbsent(section + line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
        }
    }

    /** The values of {@code key} in {@code section} ("[Service]"), in order. */
    List<String> get(String section, String key) {
        return settings.getOrDefault(section + key, List.of());
    }

    String one(String section, String key) {
        List<String> values = get(section, key);
        if (values.size() != 1) {
            throw new AssertionError(section + " " + key + "= is set " + values.size() + " times");
        }
        return values.get(0);
    }

    /** The environment the service gets: its environment file, then its Environment= lines. */
    Map<String, String> environment(Path environmentFile) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(environmentFile)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        for (String assignment : get("[Service]", "Environment")) {
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), unquote(assignment.substring(eq + 1)));
        }
        return env;
    }

    /** ExecStart= for {@code instance}, its variables expanded from {@code env}, as the words of the command. */
    List<String> command(String instance, Map<String, String> env) {
        String line = one("[Service]", "ExecStart").replace("%i", instance);
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            String word = m.group(1) != null ? m.group(1) : m.group(2);
            Matcher unbraced = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)$").matcher(word);
            if (unbraced.matches()) {
                String value = env.getOrDefault(unbraced.group(1), "");
                for (String w : value.strip().split("\\s+")) {
                    if (!w.isEmpty()) {
                        words.add(w);
                    }
                }
            } else {
                words.add(expandBraced(word, env));
            }
        }
        return words;
    }

    private static String expandBraced(String word, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
