package io.llmrouter.application.scheduling;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.domain.health.OutlierDetector;
import io.llmrouter.domain.scheduling.pair.PairDecision;
import io.llmrouter.domain.scheduling.pair.PairScheduler;
import io.llmrouter.domain.pd.PdPods;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Decision;
import io.llmrouter.domain.scheduling.framework.Retraction;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Ranks the ready pods of a ModelServer for one request: joins each pod with its fresh metrics and
 * in-flight count, whether passive health checking has it out of rotation, runs the current scheduling profile (which a config reload may replace), and
 * logs the decision. Also tells the profile's plugins where each attempt was sent.
 */
public final class ScheduleRequest {

    private final Supplier<SchedulingProfile> profile;
    private final PodMetricsStore metrics;
    private final InFlightCounter inFlight;
    private final DecisionLog log;
    private final Clock clock;
    private final RandomGenerator random;
    private final OutlierDetector health;

    public ScheduleRequest(Supplier<SchedulingProfile> profile, PodMetricsStore metrics, InFlightCounter inFlight,
                           DecisionLog log, Clock clock, RandomGenerator random) {
        this(profile, metrics, inFlight, log, clock, random, OutlierDetector.disabled());
    }

    public ScheduleRequest(Supplier<SchedulingProfile> profile, PodMetricsStore metrics, InFlightCounter inFlight,
                           DecisionLog log, Clock clock, RandomGenerator random, OutlierDetector health) {
        this.health = requireNonNull(health, "'health' must not be null");
        this.profile = requireNonNull(profile, "'profile' must not be null");
        this.metrics = requireNonNull(metrics, "'metrics' must not be null");
        this.inFlight = requireNonNull(inFlight, "'inFlight' must not be null");
        this.log = requireNonNull(log, "'log' must not be null");
        this.clock = requireNonNull(clock, "'clock' must not be null");
        this.random = requireNonNull(random, "'random' must not be null");
    }

    public Decision rank(String requestId, SchedulingRequest request, List<Pod> readyPods) {
        List<Candidate> candidates = new ArrayList<>(readyPods.size());
        var now = clock.instant();
        for (Pod pod : readyPods) {
            candidates.add(new Candidate(pod, metrics.fresh(pod.id(), now), inFlight.get(pod.id()),
                    metrics.unreachable(pod.id()), !health.schedulable(pod.id())));
        }
        Decision decision = profile.get().rank(request, candidates, random);
        log.record(now, requestId, decision.trace());
        return decision;
    }

    /**
     * Ranks prefill/decode pairs of a PD server ({@link PairScheduler}), each pod joined with the same
     * signals as {@link #rank}; the decision log gets the decode ranking with every prefill ranking.
     */
    public PairDecision rankPairs(String requestId, SchedulingRequest request, PdPods pods) {
        var now = clock.instant();
        PairDecision decision = PairScheduler.rank(profile.get(), request, pods, pod -> new Candidate(pod,
                metrics.fresh(pod.id(), now), inFlight.get(pod.id()), metrics.unreachable(pod.id()),
                !health.schedulable(pod.id())), random);
        log.record(now, requestId, decision.trace());
        return decision;
    }

    /** The request goes to {@code pod} now (each attempt, retries included); the result undoes it if it never arrives. */
    public Retraction dispatched(SchedulingRequest request, Pod pod) {
        return profile.get().dispatched(request, pod);
    }
}
