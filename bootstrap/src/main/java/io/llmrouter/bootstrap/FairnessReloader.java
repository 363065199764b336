package io.llmrouter.bootstrap;

import io.llmrouter.application.fairness.FairnessQueues;
import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.ConfigFileWatch;
import io.llmrouter.bootstrap.config.FairnessConfig;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reloads the config file's {@code fairness} section when the file changes, as the scheduler's is
 * ({@code SchedulerReloader}): a valid new section applies to requests arriving from then on
 * ({@link FairnessQueues#update}: requests already queued drain from their own queue, none is
 * lost); an invalid one is logged and the section in force stays.
 */
final class FairnessReloader implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FairnessReloader.class.getName());

    private final FairnessQueues queues;
    private final ConfigFileWatch watch;

    FairnessReloader(FairnessQueues queues, Optional<Path> file, Duration pollInterval) {
        this.queues = queues;
        this.watch = new ConfigFileWatch("fairness-config-watch", file, pollInterval, this::reload);
    }

    void start() {
        watch.start();
    }

    /** Looks at the file once; for tests. */
    void check() {
        watch.check();
    }

    private void reload(Path file) {
        try {
            FairnessConfig next = RouterConfigLoader.load(file).fairness();
            if (next.enabled() != queues.enabled() || !next.settings().equals(queues.settings())) {
                queues.update(next.enabled(), next.settings());
                LOG.log(Level.INFO, "fairness reloaded from {0}: enabled {1}, mode {2}, gate {3}", file,
                        next.enabled(), next.settings().mode(), next.settings().gate());
            }
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, "fairness config in {0} refused, keeping the one in force: {1}", file,
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "fairness config in {0} not reloaded: {1}", file, e.toString());
        }
    }

    @Override
    public void close() {
        watch.close();
    }
}
