package otb.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of the baseline module depend one way (BASELINE.md, "Layout"). Reads the main
 * source tree and fails for a file that imports, or names fully qualified, a baseline package
 * its own package may not use. Comments and string literals are not code and are not read.
 */
class LayoutTest {
    static final Path SOURCES = Path.of("baseline/src/main/java/otb/baseline");

    /** Each package of otb.baseline and the other packages of otb.baseline it may use. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "model", Set.of(),
            // a conduit names services as model's Services guesses them (dns, smb, ...)
            "cells", Set.of("model"),
            "alert", Set.of(),
            "learn", Set.of("model", "cells", "alert"),
            "detect", Set.of("model", "cells", "alert"),
            "diff", Set.of("model"),
            "store", Set.of("model", "cells", "alert"),
            "sign", Set.of("model", "cells", "diff", "store"));

    /** otb.baseline followed by a subpackage, a class of otb.baseline itself, or {@code *}. */
    private static final Pattern REFERENCE = Pattern.compile("\\botb\\s*\\.\\s*baseline\\s*\\.\\s*(\\w+|\\*)");

    @Test
    void everyPackageUsesOnlyWhatItMay() throws IOException {
        List<Path> files = sources();
        assertFalse(files.isEmpty(), "no sources under " + SOURCES.toAbsolutePath());
        List<String> violations = new ArrayList<>();
        for (Path file : files) {
            Path folder = SOURCES.relativize(file.getParent());
            String own = folder.toString().replace(folder.getFileSystem().getSeparator(), ".");
            Set<String> allowed = ALLOWED.get(own);
            if (allowed == null) {
                violations.add(file + ": package otb.baseline" + (own.isEmpty() ? "" : "." + own)
                        + " is not in the layout; give it a place in ALLOWED and in BASELINE.md");
                continue;
            }
            for (String used : packagesUsed(Files.readString(file))) {
                if (!used.equals(own) && !allowed.contains(used)) {
                    String may = allowed.isEmpty() ? "nothing else in baseline"
                            : String.join(", ", new TreeSet<>(allowed));
                    violations.add(file + ": " + own + " uses otb.baseline." + used + " (" + own + " may use "
                            + may + ")");
                }
            }
        }
        assertEquals(List.of(), violations, String.join("\n", violations));
    }

    @Test
    void theCheckSeesImportsAndQualifiedNamesButNotComments() {
        String source = """
                package otb.baseline.detect;

                import otb.baseline.model.Baseline;
                import static otb.baseline.learn.Learner.something;

                /** Unlike {@link otb.baseline.store.BaselineStore}, ... */
                class Example {
                    // otb.baseline.diff is only mentioned here
                    String text = "otb.baseline.diff.BaselineDiff";
                    otb.baseline.cells.Cells cells;
                    Object any = otb.baseline.Stray.INSTANCE;
                }
                """;
        assertEquals(Set.of("detect", "model", "learn", "cells", "Stray"), packagesUsed(source));
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
    }

    /**
     * The subpackages of otb.baseline the code names, its own included (a class directly in
     * otb.baseline counts under its simple name).
     */
    static Set<String> packagesUsed(String source) {
        Set<String> used = new TreeSet<>();
        Matcher matcher = REFERENCE.matcher(code(source));
        while (matcher.find()) {
            used.add(matcher.group(1));
        }
        return used;
    }

    /** The source with comments, string and character literals (text blocks too) blanked out. */
    static String code(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? -1 : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? -1 : end + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                end = endOfLiteral(source, i);
            } else {
                code.append(source.charAt(i++));
                continue;
            }
            end = end < 0 ? source.length() : end;
            code.append(" ".repeat(end - i));
            i = end;
        }
        return code.toString();
    }

    private static int endOfLiteral(String source, int start) {
        char quote = source.charAt(start);
        int i = start + 1;
        while (i < source.length() && source.charAt(i) != quote) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, source.length());
    }
}
