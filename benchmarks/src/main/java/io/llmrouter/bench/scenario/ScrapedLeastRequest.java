package io.llmrouter.bench.scenario;

import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Scorer;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.List;

/**
 * Kthena's {@code least-request} as its benchmark blog ran it (kthena.md §n: the blog's formula
 * predates the in-flight counter): {@code base = running + 100 · waiting}, read from the last
 * metrics scrape only, {@code score = (maxBase − base) / maxBase}. Nothing the router sends between
 * two scrapes moves the scores, so every request of that interval goes to the same "least loaded"
 * pod (ties are broken at random by the profile). Benchmark-only: not a router plugin.
 */
public final class ScrapedLeastRequest implements Scorer {

    public static final String TYPE = "least-request (scraped only)";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public double[] score(SchedulingRequest request, List<Candidate> candidates) {
        long[] base = new long[candidates.size()];
        long max = 0;
        for (int i = 0; i < base.length; i++) {
            base[i] = candidates.get(i).metrics().map(ScrapedLeastRequest::base).orElse(0L);
            max = Math.max(max, base[i]);
        }
        double[] scores = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            scores[i] = max == 0 ? 1.0 : (double) (max - base[i]) / max;
        }
        return scores;
    }

    private static long base(PodMetrics m) {
        return Math.max(0, m.running()) + 100L * Math.max(0, m.waiting());
    }
}
