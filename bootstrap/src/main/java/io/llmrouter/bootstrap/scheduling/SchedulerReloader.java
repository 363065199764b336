package io.llmrouter.bootstrap.scheduling;

import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.ConfigFileWatch;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.bootstrap.config.SchedulerConfig;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the scheduling profile in force and, when the router runs from a config file, reloads the
 * file's {@code scheduler} section when it changes: a valid new section swaps the profile
 * atomically (requests under way finish with the old one); an invalid one is logged and ignored.
 * A profile is rebuilt only when its section really changed, since a rebuild starts plugins'
 * learned state (the prefix index) from empty.
 */
public final class SchedulerReloader implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SchedulerReloader.class.getName());

    private final PluginCatalog catalog;
    /** Swapped whole on reload; read by every request. */
    private final AtomicReference<Loaded> current;
    private final ConfigFileWatch watch;

    private record Loaded(SchedulerConfig config, SchedulingProfile profile) {
    }

    public SchedulerReloader(PluginCatalog catalog, SchedulerConfig initial, Optional<Path> file, Duration pollInterval) {
        this.catalog = catalog;
        this.current = new AtomicReference<>(new Loaded(initial, catalog.profile(initial)));
        this.watch = new ConfigFileWatch("scheduler-config-watch", file, pollInterval, this::reload);
    }

    public SchedulingProfile current() {
        return current.get().profile();
    }

    public SchedulerConfig currentConfig() {
        return current.get().config();
    }

    public void start() {
        watch.start();
    }

    /** Looks at the file once; public for tests. */
    public void check() {
        watch.check();
    }

    private void reload(Path file) {
        try {
            SchedulerConfig next = RouterConfigLoader.loadScheduler(file);
            if (!next.equals(current.get().config())) {
                current.set(new Loaded(next, catalog.profile(next)));
                LOG.log(Level.INFO, "scheduler reloaded from {0}: filters {1}, scores {2}", file, next.filters(),
                        next.scores());
            }
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, "scheduler config in {0} refused, keeping the one in force: {1}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        watch.close();
    }
}
