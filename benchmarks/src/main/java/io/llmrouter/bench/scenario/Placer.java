package io.llmrouter.bench.scenario;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Picks the replica for one request from the candidates as the router sees them, and hears when a
 * request it placed was served. Single-threaded: called from the virtual-time loop only.
 */
public interface Placer {

    /** The pod to send {@code request} (of shared-prefix {@code group}) to. */
    Pod choose(SchedulingRequest request, int group, List<Candidate> candidates);

    /** The request completed successfully on {@code pod}. */
    void served(SchedulingRequest request, Pod pod);

    /** Told of each replica before the run, with its engine (a placer fed by the engines' KV events taps them). */
    default void replica(Pod pod, io.llmrouter.sim.core.EngineCore core) {
    }

    /** When the placer tells the profile that a pod now holds the request's prefix. */
    enum Feedback {
        /** As soon as the request is sent, as this router (and llm-d's and SGLang's) does. */
        AT_DISPATCH,
        /** What-if: only after the response completed, as Kthena's PostSchedule does. */
        ON_RESPONSE
    }

    /** The router's path: rank with the profile, send to the best candidate, tell the profile (when {@code feedback} says). */
    static Placer of(SchedulingProfile profile, RandomGenerator tieBreaks, Feedback feedback) {
        return new Placer() {
            @Override
            public Pod choose(SchedulingRequest request, int group, List<Candidate> candidates) {
                List<Candidate> ranked = profile.rank(request, candidates, tieBreaks).ranked();
                if (ranked.isEmpty()) {
                    // the default filters never remove every pod; a set that does is a bug in this driver
                    throw new IllegalStateException("no candidate left for group " + group);
                }
                Pod pod = ranked.getFirst().pod();
                if (feedback == Feedback.AT_DISPATCH) {
                    profile.dispatched(request, pod);
                }
                return pod;
            }

            @Override
            public void served(SchedulingRequest request, Pod pod) {
                if (feedback == Feedback.ON_RESPONSE) {
                    profile.dispatched(request, pod);
                }
            }
        };
    }

    /**
     * The oracle no router has: it knows each request's group and sends every group to replica
     * {@code group mod replicas}, as the simulator's own group-affinity placement does.
     */
    static Placer groupAffinity() {
        return new Placer() {
            @Override
            public Pod choose(SchedulingRequest request, int group, List<Candidate> candidates) {
                return candidates.get(group % candidates.size()).pod();
            }

            @Override
            public void served(SchedulingRequest request, Pod pod) {
                // learns nothing: the placement is fixed
            }
        };
    }
}
