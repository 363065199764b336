package io.llmrouter.domain.health;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.resource.ResourceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Passive health checking of pods (outlier ejection, after Envoy's): the outcome of every attempt
 * and every metrics scrape is reported here, and a pod that keeps failing is taken out of rotation
 * for a while, then given one trial request.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link Outcome#FAILURE} (connect failure, 5xx, timeout, broken stream) and failed scrapes
 *       count in a row; {@link Outcome#SUCCESS} resets the attempt count, a good scrape the scrape
 *       count; {@link Outcome#NEUTRAL} (4xx, client gone) changes nothing.</li>
 *   <li>A pod reaching either threshold is ejected for {@code baseEjectionTime × n} (its n-th
 *       ejection, at most {@code maxEjectionTime}), unless that would put more than
 *       {@code maxEjectionPercent} of one of its ModelServers' pods out at once; the first ejected
 *       pod of a server is always allowed. A refused ejection is tried again on the next failure.</li>
 *   <li>When the time is up the pod is half-open: {@link #admit} lets exactly one request through
 *       as its trial. Success returns it to rotation, failure ejects it again for longer, a neutral
 *       end hands the trial to the next request.</li>
 *   <li>Only pods of the current {@link #membership} are tracked: reports about any other pod are
 *       dropped, and a pod leaving the membership (or {@link #forget forgotten}: it changed
 *       endpoint) loses everything known about it.</li>
 *   <li>Disabled, every pod is always schedulable and nothing is recorded.</li>
 * </ul>
 */
/*
 * Algorithm. Per pod an immutable PodHealth in a ConcurrentHashMap: readers (the scheduler on every
 * request, metrics, the admin API) read it without locking. Every change goes through one
 * ReentrantLock, because ejection must count a whole server's ejected pods and decide atomically
 * (two pods crossing the threshold at once must not both pass a one-pod cap). The hot path does not
 * take it: a success on a healthy pod with no failures, and admission of a healthy pod, are reads.
 * Time passing needs no timer: the phase (ejected / half-open) is computed from the Ticker at each read.
 *
 * The ejection multiplier decays as in Envoy (which decrements it once per interval a host stays
 * healthy): here one step per baseEjectionTime spent healthy since the last return, computed
 * lazily at the next ejection. Listeners are told after the lock is released.
 */
public final class OutlierDetector {

    private final OutlierSettings settings;
    private final Ticker ticker;
    private final HealthListener listener;
    /** Immutable values, replaced under {@link #lock}; read lock-free. */
    private final ConcurrentHashMap<ResourceId, PodHealth> pods = new ConcurrentHashMap<>();
    /** Serialises every change (see the algorithm note); never held while calling out. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Each ModelServer's ready pods, and each pod's servers; swapped whole under the lock. */
    private volatile Map<ResourceId, List<ResourceId>> podsByServer = Map.of();
    private volatile Map<ResourceId, List<ResourceId>> serversByPod = Map.of();

    public OutlierDetector(OutlierSettings settings, Ticker ticker, HealthListener listener) {
        this.settings = requireNonNull(settings, "'settings' must not be null");
        this.ticker = requireNonNull(ticker, "'ticker' must not be null");
        this.listener = requireNonNull(listener, "'listener' must not be null");
    }

    public static OutlierDetector disabled() {
        return new OutlierDetector(OutlierSettings.DISABLED, Ticker.disabled(), HealthListener.NONE);
    }

    public OutlierSettings settings() {
        return settings;
    }

    /** How an attempt ended, for health purposes. */
    public enum Outcome {
        /** The engine answered (2xx, 3xx) and the answer reached the client whole. */
        SUCCESS,
        /** No connection, a 5xx, no headers in time, or a stream that broke: the pod's fault. */
        FAILURE,
        /** A 4xx (the request's fault) or a client that went away: says nothing about the pod. */
        NEUTRAL
    }

    /** What {@link #admit} let through. */
    public enum Admission {
        /** A pod in rotation. */
        NORMAL,
        /** The one trial request of a half-open pod: report its outcome with this admission. */
        TRIAL,
        /** Ejected, or its trial is already out: send elsewhere if anything else is left. */
        REFUSED
    }

    /** The ModelServers' ready pods now; state of pods no longer among them is dropped. */
    public void membership(Map<ResourceId, List<ResourceId>> readyPodsByServer) {
        Map<ResourceId, List<ResourceId>> byServer = new HashMap<>();
        Map<ResourceId, List<ResourceId>> byPod = new HashMap<>();
        readyPodsByServer.forEach((server, members) -> {
            byServer.put(server, List.copyOf(members));
            for (ResourceId pod : members) {
                byPod.computeIfAbsent(pod, p -> new ArrayList<>()).add(server);
            }
        });
        byPod.replaceAll((pod, servers) -> List.copyOf(servers));
        lock.lock();
        try {
            podsByServer = Map.copyOf(byServer);
            serversByPod = Map.copyOf(byPod);
            pods.keySet().removeIf(pod -> !byPod.containsKey(pod));
        } finally {
            lock.unlock();
        }
    }

    /** The pod is now a different engine (new endpoint): it starts afresh. */
    public void forget(ResourceId pod) {
        lock.lock();
        try {
            pods.remove(pod);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the scheduler may pick the pod now. Lock-free. */
    public boolean schedulable(ResourceId pod) {
        PodHealth h = pods.get(pod);
        return h == null || h.schedulable(ticker.nanos());
    }

    /** Whether the pod is out of rotation (ejected or half-open, not yet returned). Lock-free. */
    public boolean ejected(ResourceId pod) {
        PodHealth h = pods.get(pod);
        return h != null && h.ejected();
    }

    public Optional<PodHealth> health(ResourceId pod) {
        return Optional.ofNullable(pods.get(pod));
    }

    /** Every tracked pod's state, frozen. */
    public Map<ResourceId, PodHealth> snapshot() {
        return Map.copyOf(pods);
    }

    /** The detector's clock, so readers can turn {@link PodHealth#ejectedUntil()} into a remaining time. */
    public long now() {
        return ticker.nanos();
    }

    /**
     * A request is about to be sent to {@code pod}. A half-open pod admits one trial at a time; an
     * ejected one admits none (the caller may still send when nothing else is left: panic).
     */
    public Admission admit(ResourceId pod) {
        PodHealth h = pods.get(pod);
        if (h == null || !h.ejected()) {
            return Admission.NORMAL;
        }
        lock.lock();
        try {
            h = pods.get(pod);
            if (h == null || !h.ejected()) {
                return Admission.NORMAL;
            }
            if (h.phase(ticker.nanos()) != PodHealth.Phase.HALF_OPEN || h.trialOut()) {
                return Admission.REFUSED;
            }
            pods.put(pod, h.withTrialOut(true));
            return Admission.TRIAL;
        } finally {
            lock.unlock();
        }
    }

    /** How an attempt that {@link #admit} let through (or that was sent anyway) ended. */
    public void report(ResourceId pod, Admission admission, Outcome outcome, String detail) {
        if (!settings.enabled()) {
            return;
        }
        PodHealth h = pods.get(pod);
        if (outcome == Outcome.SUCCESS && (h == null || (!h.ejected() && h.failures() == 0))) {
            return; // the hot path: nothing to change, no lock
        }
        if (outcome == Outcome.NEUTRAL && admission != Admission.TRIAL) {
            return;
        }
        List<Runnable> events = new ArrayList<>(1);
        lock.lock();
        try {
            if (!serversByPod.containsKey(pod)) {
                return; // removed meanwhile: its state must not come back
            }
            long now = ticker.nanos();
            PodHealth current = pods.getOrDefault(pod, PodHealth.fresh(now));
            PodHealth next = switch (current.phase(now)) {
                case HEALTHY -> switch (outcome) {
                    case SUCCESS -> current.withFailures(0);
                    case FAILURE -> failed(pod, current.withFailures(current.failures() + 1), true, detail, now, events);
                    case NEUTRAL -> current;
                };
                // Panic traffic to a pod still ejected says nothing its ejection did not already say.
                case EJECTED -> current;
                case HALF_OPEN -> switch (outcome) {
                    case SUCCESS -> {
                        PodHealth back = current.returned(now);
                        events.add(() -> listener.returned(pod, back));
                        yield back;
                    }
                    case FAILURE -> eject(pod, current, current.multiplier() + 1,
                            "trial request failed (" + detail + ")", now, events);
                    case NEUTRAL -> admission == Admission.TRIAL ? current.withTrialOut(false) : current;
                };
            };
            pods.put(pod, next);
        } finally {
            lock.unlock();
        }
        events.forEach(Runnable::run);
    }

    /** A metrics scrape of the pod failed ({@code detail}: why). */
    public void scrapeFailed(ResourceId pod, String detail) {
        if (!settings.enabled() || settings.consecutiveScrapeFailures() == 0) {
            return;
        }
        List<Runnable> events = new ArrayList<>(1);
        lock.lock();
        try {
            if (!serversByPod.containsKey(pod)) {
                return;
            }
            long now = ticker.nanos();
            PodHealth current = pods.getOrDefault(pod, PodHealth.fresh(now));
            if (current.ejected()) {
                return; // the trial request decides, not the scrapes
            }
            pods.put(pod, failed(pod, current.withScrapeFailures(current.scrapeFailures() + 1), false, detail, now,
                    events));
        } finally {
            lock.unlock();
        }
        events.forEach(Runnable::run);
    }

    /** A metrics scrape of the pod succeeded. */
    public void scrapeSucceeded(ResourceId pod) {
        PodHealth h = pods.get(pod);
        if (h == null || h.scrapeFailures() == 0) {
            return;
        }
        lock.lock();
        try {
            PodHealth current = pods.get(pod);
            if (current != null && current.scrapeFailures() > 0) {
                pods.put(pod, current.withScrapeFailures(0));
            }
        } finally {
            lock.unlock();
        }
    }

    /** After one more failure: ejects when a threshold is reached and the server's share allows it. */
    private PodHealth failed(ResourceId pod, PodHealth h, boolean attempt, String detail, long now,
                             List<Runnable> events) {
        int threshold = attempt ? settings.consecutiveFailures() : settings.consecutiveScrapeFailures();
        int count = attempt ? h.failures() : h.scrapeFailures();
        if (threshold == 0 || count < threshold || !shareAllows(pod)) {
            return h;
        }
        long healthyFor = Math.max(0, now - h.healthySince());
        int decayed = (int) Math.max(0, h.multiplier() - healthyFor / settings.baseEjectionTime().toNanos());
        String why = count + (attempt ? " consecutive failed requests" : " consecutive failed metrics scrapes")
                + " (last: " + detail + ")";
        return eject(pod, h, decayed + 1, why, now, events);
    }

    private PodHealth eject(ResourceId pod, PodHealth h, int multiplier, String why, long now, List<Runnable> events) {
        Duration duration = ejectionTime(multiplier);
        PodHealth out = h.ejectedUntil(now + duration.toNanos(), multiplier, why);
        events.add(() -> listener.ejected(pod, out, duration, why));
        return out;
    }

    /** {@code baseEjectionTime × multiplier}, at most {@code maxEjectionTime}. */
    Duration ejectionTime(int multiplier) {
        Duration max = settings.maxEjectionTime();
        Duration base = settings.baseEjectionTime();
        return multiplier > max.dividedBy(base) ? max : base.multipliedBy(multiplier);
    }

    /**
     * Envoy's rule: eject when, with this pod, at most {@code maxEjectionPercent} of each of its servers'
     * pods would be out, or when none of them is out yet.
     */
    private boolean shareAllows(ResourceId pod) {
        for (ResourceId server : serversByPod.getOrDefault(pod, List.of())) {
            List<ResourceId> members = podsByServer.getOrDefault(server, List.of());
            long out = members.stream().filter(p -> !p.equals(pod) && ejected(p)).count();
            if (out > 0 && (out + 1) * 100 > (long) settings.maxEjectionPercent() * members.size()) {
                return false;
            }
        }
        return true;
    }

    /** The ModelServers the pod belongs to now (empty when it is not tracked). */
    public List<ResourceId> servers(ResourceId pod) {
        return serversByPod.getOrDefault(pod, List.of());
    }
}
