package io.llmrouter.adapters.k8s.manifest;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.port.ResourceListener;
import io.llmrouter.domain.port.ResourceSource;
import io.llmrouter.domain.validation.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Standalone mode's {@link ResourceSource}: ModelRoute, ModelServer and StaticEndpoint documents from
 * YAML files and directories, watched and reloaded without restart.
 *
 * <p>Contract: {@link #start} loads and delivers the first result on the caller's thread, then polls
 * every {@code pollInterval} on one daemon thread and delivers each change, until {@link #close}.
 * A valid change is delivered with {@link ResourceListener#accepted}; an invalid one with
 * {@link ResourceListener#rejected}, and the listener keeps the last good set.
 */
/*
 * Change detection compares the files' whole contents (they are small) rather than mtime and size:
 * it sees every edit, even one within the file system's timestamp resolution, and polling by path
 * follows editors that save by writing a new file and renaming it over the old one.
 *
 * A change is applied only once two consecutive polls read the same content. That one-interval
 * debounce keeps a half-written file or the moment between an editor's delete and rename from being
 * reported as an error; a file that stays deleted is reported at the next poll.
 */
public final class FileResourceSource implements ResourceSource {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(FileResourceSource.class.getName());

    private final List<Path> paths;
    private final Duration pollInterval;
    /** Only the watcher thread touches the two snapshots after start(), so they need no locking. */
    private ManifestFiles.Snapshot applied;
    private ManifestFiles.Snapshot lastPolled;
    private ResourceListener listener;
    private ScheduledExecutorService watcher;
    /** Guards start/close; a lock rather than synchronized because start reads files (I/O). */
    private final ReentrantLock lifecycle = new ReentrantLock();

    public FileResourceSource(List<Path> paths, Duration pollInterval) {
        this.paths = List.copyOf(requireNonNull(paths, "'paths' must not be null"));
        this.pollInterval = requireNonNull(pollInterval, "'pollInterval' must not be null");
        if (this.paths.isEmpty()) {
            throw new IllegalArgumentException("'paths' must name at least one file or directory");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("'pollInterval' must be positive, was " + pollInterval);
        }
    }

    public FileResourceSource(List<Path> paths) {
        this(paths, DEFAULT_POLL_INTERVAL);
    }

    @Override
    public void start(ResourceListener listener) {
        lifecycle.lock();
        try {
            if (this.listener != null) {
                throw new IllegalStateException("already started");
            }
            this.listener = requireNonNull(listener, "'listener' must not be null");
            applied = ManifestFiles.read(paths);
            lastPolled = applied;
            deliver(applied, "initial load of " + describe());
            watcher = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("manifest-watcher").factory());
            long nanos = pollInterval.toNanos();
            watcher.scheduleWithFixedDelay(this::pollSafely, nanos, nanos, TimeUnit.NANOSECONDS);
        } finally {
            lifecycle.unlock();
        }
    }

    @Override
    public String describe() {
        return "files: " + paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            if (watcher != null) {
                watcher.shutdownNow();
            }
        } finally {
            lifecycle.unlock();
        }
    }

    /** True between start() and close(); for tests and the debug API. */
    public boolean watching() {
        lifecycle.lock();
        try {
            return watcher != null && !watcher.isShutdown();
        } finally {
            lifecycle.unlock();
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // A failing listener must not end the watch: the next edit deserves its chance.
            LOG.log(System.Logger.Level.ERROR, "manifest reload failed; watching on", e);
        }
    }

    private void poll() {
        ManifestFiles.Snapshot now = ManifestFiles.read(paths);
        boolean settled = now.equals(lastPolled);
        ManifestFiles.Snapshot previous = applied;
        lastPolled = now;
        if (settled && !now.equals(previous)) {
            applied = now;
            deliver(now, "change in " + String.join(", ", changedFiles(previous, now)));
        }
    }

    private void deliver(ManifestFiles.Snapshot snapshot, String origin) {
        LoadedManifest loaded = ManifestLoader.load(snapshot.sources());
        List<Problem> problems = new ArrayList<>(snapshot.problems());
        problems.addAll(loaded.problems());
        if (problems.stream().anyMatch(Problem::isError)) {
            listener.rejected(problems.stream().filter(Problem::isError).toList(), origin);
        } else {
            listener.accepted(loaded.resources(), problems, origin);
        }
    }

    /** Names of files added, removed, changed or (un)readable between two snapshots, for the origin line. */
    static Set<String> changedFiles(ManifestFiles.Snapshot before, ManifestFiles.Snapshot after) {
        Map<String, String> a = before.sources().stream().collect(Collectors.toMap(SourceText::name, SourceText::content));
        Map<String, String> b = after.sources().stream().collect(Collectors.toMap(SourceText::name, SourceText::content));
        Set<String> changed = new TreeSet<>();
        a.forEach((name, content) -> {
            if (!content.equals(b.get(name))) {
                changed.add(name);
            }
        });
        b.keySet().stream().filter(name -> !a.containsKey(name)).forEach(changed::add);
        Function<ManifestFiles.Snapshot, Set<String>> unreadable = s -> s.problems().stream()
                .map(Problem::document).collect(Collectors.toSet());
        if (!unreadable.apply(before).equals(unreadable.apply(after))) {
            changed.addAll(unreadable.apply(after));
        }
        return changed.isEmpty() ? Set.of("manifest files") : changed;
    }
}
