package io.llmrouter.bootstrap;

import io.llmrouter.adapters.k8s.manifest.SourceText;
import io.llmrouter.adapters.k8s.manifest.ValidateCommand;
import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.domain.validation.Problem;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code router validate}: manifests as the router loads them, and router config files as
 * {@code serve --config} reads them, in one pass and one report (a directory such as
 * {@code deploy/examples} holds both).
 */
final class Validate {

    private Validate() {
    }

    static int run(List<Path> paths, PrintStream out, PrintStream err) {
        return ValidateCommand.run(paths, Validate::routerConfig, out, err);
    }

    /** A router config file's summary and problems; empty when the file is not one. */
    static Optional<ValidateCommand.Checked> routerConfig(SourceText source) {
        if (!RouterConfigLoader.isRouterConfig(source.content())) {
            return Optional.empty();
        }
        Path file = Path.of(source.name());
        List<Problem> problems = new ArrayList<>();
        RouterConfigLoader.notYetApplied(file).forEach(w -> problems.add(Problem.warning(source.name(), "", w)));
        try {
            RouterConfig config = RouterConfigLoader.load(file);
            List<Path> manifests = config.datastore().files();
            for (Path manifest : manifests) {
                if (!Files.exists(manifest)) {
                    problems.add(Problem.error(source.name(), "datastore.files", "names " + manifest
                            + ", which does not exist; the router would not become ready"));
                }
            }
            if (manifests.isEmpty()) {
                problems.add(Problem.warning(source.name(), "datastore.files", "is empty; serve needs the YAML"
                        + " files that hold your ModelRoute, ModelServer and StaticEndpoint documents"));
            }
            return Optional.of(new ValidateCommand.Checked("router config " + source.name() + ": listeners "
                    + config.inference().host() + ":" + config.inference().port() + ", metrics "
                    + config.metrics().host() + ":" + config.metrics().port() + ", admin " + config.admin().host() + ":"
                    + config.admin().port() + "; manifests " + manifests.stream().map(Path::toString).toList()
                    + " (validate them by naming them too)", problems));
        } catch (ConfigException e) {
            e.problems().forEach(p -> problems.add(Problem.error(source.name(), "", p)));
            return Optional.of(new ValidateCommand.Checked("router config " + source.name(), problems));
        }
    }
}
