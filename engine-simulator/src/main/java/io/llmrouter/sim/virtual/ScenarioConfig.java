package io.llmrouter.sim.virtual;

import io.llmrouter.sim.core.Profile;

/**
 * A shared-prefix workload shaped like SGLang's generated-shared-prefix benchmark (engines.md
 * Part E) as Kthena's router benchmark uses it: {@code groups} system prompts of
 * {@code systemTokens} each, {@code promptsPerGroup} questions per group, shuffled, Poisson
 * arrivals at {@code requestRate} per second.
 */
public record ScenarioConfig(Profile profile, int replicas, int groups, int promptsPerGroup, int systemTokens,
                             int questionTokens, int outputTokens, double requestRate, long seed) {

    public ScenarioConfig {
        if (replicas < 1 || groups < 1 || promptsPerGroup < 1 || systemTokens < 1 || questionTokens < 1
            || outputTokens < 1 || !(requestRate > 0)) {
            throw new IllegalArgumentException("every scenario size and the request rate must be positive");
        }
    }

    public int requests() {
        return groups * promptsPerGroup;
    }
}
