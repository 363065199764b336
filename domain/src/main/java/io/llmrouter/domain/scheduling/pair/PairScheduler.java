package io.llmrouter.domain.scheduling.pair;

import io.llmrouter.domain.pd.Pair;
import io.llmrouter.domain.pd.PdPods;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Decision;
import io.llmrouter.domain.scheduling.framework.DecisionTrace;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Ranks prefill/decode pairs for one request, as Kthena's {@code Schedule} does but within groups
 * only: the decode pods of every group go through the profile's filters and scorers (decode-side
 * signals: running requests, KV usage, TPOT), then for each of the top decode pods the prefill pods
 * of <em>its</em> group go through the same profile (prefill-side signals: queue, prefix-cache
 * affinity, which matters most there since the prefill pod is the one that computes the prompt)
 * and the best one makes the pair. A decode pod whose group has no prefill pod (or none left after
 * the filters) makes no pair, and the trace says so.
 *
 * <p>Cost: one ranking over the decode pods plus one per ranked decode pod (at most topN) over its
 * group, so a decision touches each pod at most topN + 1 times.
 */
public final class PairScheduler {

    private PairScheduler() {
    }

    /** {@code candidate} joins a pod with what is known about it (metrics, in-flight, health). */
    public static PairDecision rank(SchedulingProfile profile, SchedulingRequest request, PdPods pods,
                                    Function<Pod, Candidate> candidate, RandomGenerator random) {
        requireNonNull(profile, "'profile' must not be null");
        Decision decode = profile.rank(request, candidates(pods.decodePods(), candidate), random);
        List<Pair> pairs = new ArrayList<>(decode.ranked().size());
        List<DecisionTrace.Pairing> pairings = new ArrayList<>(decode.ranked().size());
        List<Pod> decodeRanked = new ArrayList<>(decode.ranked().size());
        List<String> notes = new ArrayList<>();
        for (Candidate d : decode.ranked()) {
            decodeRanked.add(d.pod());
            List<Pod> group = pods.prefillFor(d.pod());
            Decision prefill = profile.rank(request, candidates(group, candidate), random);
            pairings.add(new DecisionTrace.Pairing(d.name(), pods.groupOf(d.pod()), prefill.trace()));
            if (prefill.ranked().isEmpty()) {
                notes.add("decode " + d.name() + " has no prefill pod in group '" + pods.groupOf(d.pod()) + "'");
            } else {
                pairs.add(new Pair(prefill.ranked().get(0).pod(), d.pod()));
            }
        }
        DecisionTrace trace = decode.trace();
        if (!notes.isEmpty()) {
            List<String> fallbacks = new ArrayList<>(trace.fallbacks());
            fallbacks.addAll(notes);
            trace = new DecisionTrace(trace.model(), trace.server(), trace.candidates(), trace.filterNotes(),
                    trace.survivors(), trace.scorers(), trace.totals(), trace.ranked(), fallbacks, trace.nanos());
        }
        return new PairDecision(pairs, decodeRanked, trace.withPairings(pairings));
    }

    private static List<Candidate> candidates(List<Pod> pods, Function<Pod, Candidate> candidate) {
        List<Candidate> list = new ArrayList<>(pods.size());
        for (Pod p : pods) {
            list.add(candidate.apply(p));
        }
        return list;
    }
}
