package io.llmrouter.application.datastore;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.port.ResourceListener;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.validation.Problem;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The live state the router serves from. A {@code ResourceSource} pushes whole sets into it; each
 * accepted set becomes a new immutable {@link RouterSnapshot}, published with one atomic swap so a
 * request sees either the old state or the new one, never a mix. A refused set changes nothing but
 * the status.
 */
public final class Datastore implements ResourceListener {

    /** Swapped whole on every accepted change; readers never lock. */
    private final AtomicReference<RouterSnapshot> snapshot = new AtomicReference<>(RouterSnapshot.empty());
    private final AtomicReference<DatastoreStatus> status;
    private final List<Consumer<RouterSnapshot>> changeListeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final ProblemLog log;

    public Datastore(String sourceDescription, Clock clock, ProblemLog log) {
        this.status = new AtomicReference<>(DatastoreStatus.initial(sourceDescription));
        this.clock = requireNonNull(clock, "'clock' must not be null");
        this.log = requireNonNull(log, "'log' must not be null");
    }

    public RouterSnapshot snapshot() {
        return snapshot.get();
    }

    public DatastoreStatus status() {
        return status.get();
    }

    /** True once a first valid set was loaded: what readiness reports. */
    public boolean ready() {
        return status.get().loaded();
    }

    public void onChange(Consumer<RouterSnapshot> listener) {
        changeListeners.add(requireNonNull(listener, "'listener' must not be null"));
    }

    @Override
    public void accepted(ResourceSet resources, List<Problem> warnings, String origin) {
        RouterSnapshot next = RouterSnapshot.of(resources);
        snapshot.set(next);
        status.updateAndGet(s -> new DatastoreStatus(true, s.source(), Optional.of(clock.instant()), origin,
                List.of(), warnings, s.acceptedCount() + 1, s.rejectedCount()));
        log.accepted(origin, resources, warnings);
        changeListeners.forEach(l -> l.accept(next));
    }

    @Override
    public void rejected(List<Problem> errors, String origin) {
        status.updateAndGet(s -> new DatastoreStatus(s.loaded(), s.source(), s.lastAccepted(), origin,
                errors, s.warnings(), s.acceptedCount(), s.rejectedCount() + 1));
        log.rejected(origin, errors, snapshot.get() != RouterSnapshot.empty());
    }

    /** Where the datastore reports loads, so the operator sees every refused edit in the log. */
    public interface ProblemLog {

        /** Logs nothing (embedding and tests). */
        ProblemLog NONE = new ProblemLog() {
            @Override
            public void accepted(String origin, ResourceSet resources, List<Problem> warnings) {
            }

            @Override
            public void rejected(String origin, List<Problem> errors, boolean keptPrevious) {
            }
        };

        void accepted(String origin, ResourceSet resources, List<Problem> warnings);

        void rejected(String origin, List<Problem> errors, boolean keptPrevious);
    }
}
