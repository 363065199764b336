package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.validation.Problem;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the configured paths: a file is read as given; a directory contributes its {@code *.yaml}
 * and {@code *.yml} files (not recursive, sorted by name so the order, and with it "oldest first",
 * is stable). A named file that is missing or unreadable is an error, never an empty set.
 */
public final class ManifestFiles {

    private ManifestFiles() {
    }

    /** What was read, and the problems of what could not be read. Equal snapshots mean nothing changed. */
    public record Snapshot(List<SourceText> sources, List<Problem> problems) {

        public Snapshot {
            sources = List.copyOf(sources);
            problems = List.copyOf(problems);
        }
    }

    public static Snapshot read(List<Path> paths) {
        List<SourceText> sources = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                yamlFilesIn(path, problems).forEach(f -> readFile(f, sources, problems));
            } else {
                readFile(path, sources, problems);
            }
        }
        return new Snapshot(sources, problems);
    }

    private static List<Path> yamlFilesIn(Path dir, List<Problem> problems) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(ManifestFiles::isYaml).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            problems.add(Problem.error(dir.toString(), "", "cannot list the directory (" + e.getMessage()
                    + "); check that it exists and the router may read it"));
            return List.of();
        }
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }

    private static void readFile(Path file, List<SourceText> sources, List<Problem> problems) {
        try {
            sources.add(new SourceText(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            problems.add(Problem.error(file.toString(), "", "does not exist (deleted or renamed?); restore it, or"
                    + " remove it from the router's manifest list"));
        } catch (CharacterCodingException e) {
            problems.add(Problem.error(file.toString(), "", "is not UTF-8 text; save it as UTF-8"));
        } catch (IOException e) {
            problems.add(Problem.error(file.toString(), "", "cannot be read (" + e.getMessage()
                    + "); check that the router may read it"));
        }
    }
}
