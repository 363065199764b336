package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.validation.Problem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code router validate FILE...}: checks manifest files (or directories of them) exactly as the
 * running router would load them, and prints what it understood or every problem.
 * Exit status: 0 valid (warnings allowed), 1 errors, 2 no files given.
 */
public final class ValidateCommand {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    private ValidateCommand() {
    }

    public static int run(List<Path> files, PrintStream out, PrintStream err) {
        if (files.isEmpty()) {
            err.println("usage: router validate FILE_OR_DIRECTORY...  (YAML with ModelRoute, ModelServer and"
                    + " StaticEndpoint documents)");
            return USAGE;
        }
        ManifestFiles.Snapshot snapshot = ManifestFiles.read(files);
        LoadedManifest loaded = ManifestLoader.load(snapshot.sources());
        List<Problem> problems = new ArrayList<>(snapshot.problems());
        problems.addAll(loaded.problems());
        if (problems.stream().anyMatch(Problem::isError)) {
            err.print(ManifestReport.rejected(problems));
            return INVALID;
        }
        out.print(ManifestReport.understood(loaded));
        return VALID;
    }
}
