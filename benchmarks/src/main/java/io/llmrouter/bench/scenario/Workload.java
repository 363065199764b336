package io.llmrouter.bench.scenario;

import java.util.List;
import java.util.Objects;

/**
 * What a client sends, independent of when: the first request of every job in order (the driver
 * draws Poisson arrival times for them), and for a conversation the turns that follow, each sent a
 * think time after the previous turn's answer, its prompt the whole conversation so far (previous
 * prompt, the tokens the engine generated, the new user message).
 *
 * @param name  workload name (table title)
 * @param jobs  jobs in arrival order
 */
public record Workload(String name, List<Job> jobs) {

    public Workload {
        Objects.requireNonNull(name, "'name' must not be null");
        jobs = List.copyOf(jobs);
    }

    /** Requests in all, every turn counted. */
    public int requests() {
        return jobs.stream().mapToInt(j -> 1 + j.followUps().size()).sum();
    }

    /**
     * One job: its first request, and the turns after it.
     *
     * @param group        prefix group (shared system prompt, conversation or adapter), for the oracle and
     *                     "replicas per group"
     * @param prompt       first prompt's token ids
     * @param outputTokens tokens generated for the first request
     * @param adapter      LoRA adapter, or null for the base model
     * @param followUps    further turns of a conversation, in order
     */
    public record Job(int group, int[] prompt, int outputTokens, String adapter, List<FollowUp> followUps) {

        public Job {
            followUps = List.copyOf(followUps);
        }

        public static Job single(int group, int[] prompt, int outputTokens) {
            return new Job(group, prompt, outputTokens, null, List.of());
        }
    }

    /** A later turn: sent {@code thinkNanos} after the previous answer, with {@code userTokens} appended. */
    public record FollowUp(long thinkNanos, int[] userTokens, int outputTokens) {
    }
}
