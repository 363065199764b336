package io.llmrouter.bootstrap;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.validation.Problem;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;

/** Reports datastore loads to the log: one line per load, one per problem. */
final class LoggingProblemLog implements Datastore.ProblemLog {

    private static final System.Logger LOG = System.getLogger("io.llmrouter.datastore");

    /**
     * The problems of the last accepted load: a problem already logged is not logged again, since in
     * Kubernetes mode every pod event is a load and a skipped object would fill the log. Loads come
     * from one source thread at a time.
     */
    private volatile Set<Problem> logged = Set.of();

    @Override
    public void accepted(String origin, ResourceSet resources, List<Problem> warnings) {
        LOG.log(Level.INFO, "loaded {0} ModelRoute(s), {1} ModelServer(s), {2} endpoint(s) from {3}",
                resources.routes().size(), resources.servers().size(), resources.pods().size(), origin);
        Set<Problem> before = logged;
        warnings.stream().filter(w -> !before.contains(w))
                .forEach(w -> LOG.log(w.isError() ? Level.ERROR : Level.WARNING, w.toString()));
        logged = Set.copyOf(warnings);
    }

    @Override
    public void rejected(String origin, List<Problem> errors, boolean keptPrevious) {
        LOG.log(Level.ERROR, "refused the change from {0} ({1} error(s)); {2}", origin, errors.size(),
                keptPrevious ? "still serving the last valid set" : "nothing loaded yet, so not ready");
        errors.forEach(e -> LOG.log(Level.ERROR, e.toString()));
    }
}
