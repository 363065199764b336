package io.llmrouter.domain.scheduling.framework;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import java.util.Optional;

/**
 * A pod the scheduler may pick, with what is known about it: the engine's metrics (empty when
 * never scraped or too old to trust), the requests this router has in flight to it, and whether
 * its latest metrics scrape could not even connect ({@code unreachable}: most likely down), and
 * whether passive health checking has taken it out of rotation ({@code ejected}).
 */
public record Candidate(Pod pod, Optional<PodMetrics> metrics, int inFlight, boolean unreachable, boolean ejected) {

    public Candidate(Pod pod, Optional<PodMetrics> metrics, int inFlight, boolean unreachable) {
        this(pod, metrics, inFlight, unreachable, false);
    }

    public Candidate(Pod pod, Optional<PodMetrics> metrics, int inFlight) {
        this(pod, metrics, inFlight, false);
    }

    public Candidate {
        requireNonNull(pod, "'pod' must not be null");
        requireNonNull(metrics, "'metrics' must not be null");
        if (inFlight < 0) {
            throw new IllegalArgumentException("'inFlight' must be >= 0, was " + inFlight);
        }
    }

    public static Candidate of(Pod pod) {
        return new Candidate(pod, Optional.empty(), 0);
    }

    public String name() {
        return pod.meta().name();
    }
}
