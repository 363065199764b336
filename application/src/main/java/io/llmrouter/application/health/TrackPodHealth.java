package io.llmrouter.application.health;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.RouterSnapshot;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.domain.health.HealthListener;
import io.llmrouter.domain.health.OutlierDetector;
import io.llmrouter.domain.health.OutlierSettings;
import io.llmrouter.domain.health.PodHealth;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.server.ModelServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Passive health of the pods, kept in line with the datastore: owns the {@link OutlierDetector},
 * gives it each ModelServer's ready pods whenever they change (a pod that goes loses its health
 * state), logs every ejection (WARNING) and return (INFO), and logs the moment a ModelServer is
 * left with no schedulable pod (WARNING) and the moment it has one again (INFO), rather than
 * leaving the first sign to the next request's 502. {@link #servers} is the per-server summary
 * that readiness and the admin API show.
 */
public final class TrackPodHealth {

    private static final System.Logger LOG = System.getLogger(TrackPodHealth.class.getName());

    private final Datastore datastore;
    private final PodMetricsStore metrics;
    private final Clock clock;
    private final OutlierDetector detector;
    /** Serialises membership updates and the "no schedulable pod" bookkeeping; never held while logging. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}: whether each server had a schedulable pod when last looked at. */
    private final Map<ResourceId, Boolean> hadSchedulable = new HashMap<>();

    public TrackPodHealth(Datastore datastore, PodMetricsStore metrics, OutlierSettings settings, Ticker ticker,
                          Clock clock) {
        this.datastore = requireNonNull(datastore, "'datastore' must not be null");
        this.metrics = requireNonNull(metrics, "'metrics' must not be null");
        this.clock = requireNonNull(clock, "'clock' must not be null");
        this.detector = new OutlierDetector(settings, ticker, new Logging());
    }

    public OutlierDetector detector() {
        return detector;
    }

    /** Follows the datastore from now on (and takes its current state at once). */
    public void start() {
        datastore.onChange(snapshot -> podsChanged());
        podsChanged();
    }

    /**
     * Always against the datastore's latest snapshot, serialised: two loads' listeners may run in
     * either order, and an older snapshot applied last would give removed pods their state back.
     */
    void podsChanged() {
        List<Line> lines;
        lock.lock();
        try {
            RouterSnapshot snapshot = datastore.snapshot();
            Map<ResourceId, List<ResourceId>> members = new LinkedHashMap<>();
            for (ModelServer server : snapshot.resources().servers()) {
                members.put(server.id(), snapshot.readyPods(server.id()).stream().map(Pod::id).toList());
            }
            detector.membership(members);
            lines = schedulableChanges();
        } finally {
            lock.unlock();
        }
        lines.forEach(l -> LOG.log(l.level(), l.text()));
    }

    /** Each ModelServer's pods now, sorted by server. */
    public List<ServerHealth> servers() {
        RouterSnapshot snapshot = datastore.snapshot();
        Instant now = clock.instant();
        List<ServerHealth> all = new ArrayList<>();
        for (ModelServer server : snapshot.resources().servers()) {
            List<Pod> ready = snapshot.readyPods(server.id());
            int ejected = (int) ready.stream().filter(p -> detector.ejected(p.id())).count();
            int unscraped = (int) ready.stream().filter(p -> metrics.fresh(p.id(), now).isEmpty()).count();
            all.add(new ServerHealth(server.id(), ready.size(), ready.size() - ejected, ejected, unscraped));
        }
        all.sort(java.util.Comparator.comparing(ServerHealth::server));
        return List.copyOf(all);
    }

    /** Caller holds the lock. Lines to log for servers that lost or regained their last schedulable pod. */
    private List<Line> schedulableChanges() {
        List<Line> lines = new ArrayList<>(0);
        Map<ResourceId, Boolean> now = new HashMap<>();
        for (ServerHealth s : servers()) {
            boolean has = s.schedulable() > 0;
            now.put(s.server(), has);
            Boolean had = hadSchedulable.get(s.server());
            if (!has && (had == null || had)) {
                lines.add(new Line(System.Logger.Level.WARNING, s.ready() == 0
                        ? "ModelServer " + s.server() + " has no schedulable pod: no pod is ready"
                        : "ModelServer " + s.server() + " has no schedulable pod: all " + s.ready()
                        + " ready pod(s) ejected by outlier detection; requests still go to them (panic)"));
            } else if (has && had != null && !had) {
                lines.add(new Line(System.Logger.Level.INFO, "ModelServer " + s.server() + " has schedulable pods again: "
                        + s.schedulable() + " of " + s.ready() + " ready"));
            }
        }
        hadSchedulable.clear();
        hadSchedulable.putAll(now);
        return lines;
    }

    private void recheck() {
        List<Line> lines;
        lock.lock();
        try {
            lines = schedulableChanges();
        } finally {
            lock.unlock();
        }
        lines.forEach(l -> LOG.log(l.level(), l.text()));
    }

    /** A log line decided under the lock, written after it. */
    private record Line(System.Logger.Level level, String text) {
    }

    /** One line per ejection and per return, then the per-server check. */
    private final class Logging implements HealthListener {
        @Override
        public void ejected(ResourceId pod, PodHealth health, Duration duration, String reason) {
            LOG.log(System.Logger.Level.WARNING, "pod {0} of ModelServer {1} ejected for {2}s (ejection {3}): {4}",
                    pod, detector.servers(pod), duration.toMillis() / 1000.0, health.ejectionsTotal(), reason);
            recheck();
        }

        @Override
        public void returned(ResourceId pod, PodHealth health) {
            LOG.log(System.Logger.Level.INFO, "pod {0} of ModelServer {1} returned to rotation: its trial request "
                    + "succeeded", pod, detector.servers(pod));
            recheck();
        }
    }
}
