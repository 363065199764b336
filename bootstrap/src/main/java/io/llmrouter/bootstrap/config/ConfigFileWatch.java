package io.llmrouter.bootstrap.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls the router's config file and reports when its text changes, for the sections reloaded
 * live (scheduler, fairness): each reader decides what of the change it applies. Polling rather
 * than a file-system watch, since a Kubernetes ConfigMap update swaps a symlink that such watches
 * miss. An unreadable file counts as unchanged.
 */
public final class ConfigFileWatch implements AutoCloseable {

    private final Optional<Path> file;
    private final Duration pollInterval;
    private final Consumer<Path> changed;
    private final ScheduledExecutorService ticker;
    private String lastText;

    /** {@code name} names the polling thread; nothing happens when {@code file} is empty. */
    public ConfigFileWatch(String name, Optional<Path> file, Duration pollInterval, Consumer<Path> changed) {
        this.file = file;
        this.pollInterval = pollInterval;
        this.changed = changed;
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
        this.lastText = file.map(ConfigFileWatch::read).orElse(null);
    }

    public void start() {
        if (file.isPresent()) {
            ticker.scheduleWithFixedDelay(this::check, pollInterval.toMillis(), pollInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Looks at the file once and reports it when its text changed; public for tests. */
    public void check() {
        String text = read(file.orElseThrow());
        if (text == null || text.equals(lastText)) {
            return;
        }
        lastText = text;
        changed.accept(file.get());
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
