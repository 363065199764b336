package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.validation.Problem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code router validate FILE_OR_DIRECTORY...}: checks manifest files (or directories of them)
 * exactly as the running router would load them, and prints what it understood or every problem,
 * all in one pass. Files that are not manifests but that a caller knows how to check (the router's
 * own config file) are handed to {@link OtherFiles} and reported with the rest.
 * Exit status: 0 valid (warnings allowed), 1 errors, 2 no files given.
 */
public final class ValidateCommand {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    /** Recognises and checks files that are not manifests. */
    @FunctionalInterface
    public interface OtherFiles {

        /** Empty when {@code source} is not such a file (it is then read as manifests). */
        Optional<Checked> check(SourceText source);

        OtherFiles NONE = source -> Optional.empty();
    }

    /** One checked non-manifest file: a line saying what it is, and its problems. */
    public record Checked(String summary, List<Problem> problems) {

        public Checked {
            problems = List.copyOf(problems);
        }
    }

    private ValidateCommand() {
    }

    public static int run(List<Path> files, PrintStream out, PrintStream err) {
        return run(files, OtherFiles.NONE, out, err);
    }

    public static int run(List<Path> files, OtherFiles others, PrintStream out, PrintStream err) {
        if (files.isEmpty()) {
            err.println("usage: router validate FILE_OR_DIRECTORY...  (YAML with ModelRoute, ModelServer and"
                    + " StaticEndpoint documents, or router config files)");
            return USAGE;
        }
        ManifestFiles.Snapshot snapshot = ManifestFiles.read(files);
        List<SourceText> manifests = new ArrayList<>();
        List<Checked> checked = new ArrayList<>();
        for (SourceText source : snapshot.sources()) {
            others.check(source).ifPresentOrElse(checked::add, () -> manifests.add(source));
        }
        LoadedManifest loaded = ManifestLoader.load(manifests);
        List<Problem> problems = new ArrayList<>(snapshot.problems());
        checked.forEach(c -> problems.addAll(c.problems()));
        problems.addAll(loaded.problems());
        if (problems.stream().anyMatch(Problem::isError)) {
            err.print(ManifestReport.rejected(problems));
            return INVALID;
        }
        StringBuilder text = new StringBuilder();
        checked.forEach(c -> text.append(c.summary()).append('\n'));
        checked.forEach(c -> c.problems().forEach(p -> text.append(p).append('\n')));
        out.print(text);
        out.print(ManifestReport.understood(loaded, checked.stream().mapToInt(c -> c.problems().size()).sum()));
        return VALID;
    }
}
