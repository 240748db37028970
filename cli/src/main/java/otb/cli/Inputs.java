package otb.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import otb.capture.IoErrors;

/**
 * Expands capture arguments into files in reading order: plain files as given, directories
 * (rotated captures) as their regular files sorted by name, and globs ({@code *}, {@code ?},
 * {@code [..]}, {@code {a,b}}) matched in their directory and sorted by name.
 */
final class Inputs {
    private Inputs() {
    }

    static List<Path> expand(List<String> arguments) throws InputException {
        List<Path> files = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                List<Path> inside = list(path, "*");
                if (inside.isEmpty()) {
                    throw new InputException(argument + ": directory holds no files");
                }
                files.addAll(inside);
            } else if (argument.matches(".*[*?\\[{].*")) {
                Path directory = path.getParent() == null ? Path.of(".") : path.getParent();
                List<Path> matched = Files.isDirectory(directory)
                        ? list(directory, path.getFileName().toString()) : List.of();
                if (matched.isEmpty()) {
                    throw new InputException(argument + ": no file matches");
                }
                files.addAll(matched);
            } else {
                throw new InputException(argument + ": no such file");
            }
        }
        return files;
    }

    private static List<Path> list(Path directory, String glob) throws InputException {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(p.getFileName()))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InputException("cannot list " + directory + ": " + IoErrors.reason(e));
        }
    }
}
