package io.llmrouter.bootstrap;

import io.llmrouter.application.fairness.FairnessQueues;
import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.FairnessConfig;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reloads the config file's {@code fairness} section when the file changes, as the scheduler's is
 * ({@code SchedulerReloader}): a valid new section applies to requests arriving from then on
 * ({@link FairnessQueues#update}: requests already queued drain from their own queue, none is
 * lost); an invalid one is logged and the section in force stays.
 */
final class FairnessReloader implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FairnessReloader.class.getName());

    private final FairnessQueues queues;
    private final Optional<Path> file;
    private final Duration pollInterval;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("fairness-config-watch").factory());
    private String lastText;

    FairnessReloader(FairnessQueues queues, Optional<Path> file, Duration pollInterval) {
        this.queues = queues;
        this.file = file;
        this.pollInterval = pollInterval;
        this.lastText = file.map(FairnessReloader::read).orElse(null);
    }

    void start() {
        if (file.isPresent()) {
            ticker.scheduleWithFixedDelay(this::check, pollInterval.toMillis(), pollInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Looks at the file once; for tests. */
    void check() {
        String text = read(file.orElseThrow());
        if (text == null || text.equals(lastText)) {
            return;
        }
        lastText = text;
        try {
            FairnessConfig next = RouterConfigLoader.load(file.get()).fairness();
            if (next.enabled() != queues.enabled() || !next.settings().equals(queues.settings())) {
                queues.update(next.enabled(), next.settings());
                LOG.log(Level.INFO, "fairness reloaded from {0}: enabled {1}, mode {2}, gate {3}", file.get(),
                        next.enabled(), next.settings().mode(), next.settings().gate());
            }
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, "fairness config in {0} refused, keeping the one in force: {1}", file.get(),
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "fairness config in {0} not reloaded: {1}", file.get(), e.toString());
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
