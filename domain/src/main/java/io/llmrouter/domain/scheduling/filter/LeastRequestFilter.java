package io.llmrouter.domain.scheduling.filter;

import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Filter;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Type {@code least-request} (filter): keep pods whose engine queue is shorter than
 * {@code maxWaitingRequests}, so requests stop piling onto a pod that is already behind.
 *
 * <p>Pods with unknown metrics are kept (unknown is not overloaded). Unlike Kthena, which fails the
 * request when every pod is over the limit, this filter then keeps the pods with the shortest
 * queue: a full fleet is served slowly rather than refused.
 * Consumes: {@code PodMetrics.waiting}. Args: {@code maxWaitingRequests} (default 10).
 * <pre>
 * scheduler:
 *   pluginConfig:
 *   - name: least-request
 *     args: {maxWaitingRequests: 10}
 *   plugins:
 *     Filter: {enabled: [least-request]}
 * </pre>
 */
public final class LeastRequestFilter implements Filter {

    public static final String TYPE = "least-request";

    public record Args(int maxWaitingRequests) {
        public static final Args DEFAULT = new Args(10);

        public Args {
            if (maxWaitingRequests < 1) {
                throw new IllegalArgumentException("maxWaitingRequests must be >= 1, was " + maxWaitingRequests);
            }
        }
    }

    private final Args args;

    public LeastRequestFilter(Args args) {
        this.args = args;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Candidate> filter(SchedulingRequest request, List<Candidate> candidates) {
        List<Candidate> kept = new ArrayList<>(candidates.size());
        int shortest = Integer.MAX_VALUE;
        for (Candidate c : candidates) {
            int waiting = waiting(c);
            shortest = Math.min(shortest, waiting);
            if (waiting < args.maxWaitingRequests()) {
                kept.add(c);
            }
        }
        return kept.isEmpty() ? shortestQueues(candidates, shortest) : kept;
    }

    private static List<Candidate> shortestQueues(List<Candidate> candidates, int shortest) {
        return candidates.stream().filter(c -> waiting(c) == shortest).toList();
    }

    private static int waiting(Candidate c) {
        return c.metrics().map(m -> Math.max(0, m.waiting())).orElse(0);
    }
}
