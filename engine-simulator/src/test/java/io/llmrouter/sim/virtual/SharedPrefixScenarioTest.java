package io.llmrouter.sim.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.Profiles;
import org.junit.jupiter.api.Test;

/**
 * The Kthena-shaped benchmark in virtual time: 3 replicas, 64 groups x 16 prompts, 4096-token
 * shared system prompts, 128-token questions, 256 output tokens, Poisson arrivals. Sending each
 * group to one replica must beat random placement in throughput and mean TTFT. The tables are
 * printed (see target/surefire-reports/*-output.txt) and copied into docs/benchmarks.md.
 */
class SharedPrefixScenarioTest {

    private static final Profile H100 = Profiles.named("h100-7b");

    private static ScenarioConfig config(Profile profile, double rate) {
        return new ScenarioConfig(profile, 3, 64, 16, 4096, 128, 256, rate, 1);
    }

    private static void assertAffinityWins(ScenarioConfig config, String title) {
        ScenarioResult affinity = SharedPrefixScenario.run(config, Placement.groupAffinity());
        ScenarioResult random = SharedPrefixScenario.run(config, Placement.random(7));
        System.out.println("\n" + title + "\n" + ScenarioResult.tableHeader() + "\n" + affinity.tableRow() + "\n"
            + random.tableRow());
        assertEquals(config.requests(), affinity.requests());
        assertEquals(config.requests(), random.requests());
        assertTrue(affinity.requestsPerSecond() > random.requestsPerSecond() * 1.1,
            "throughput " + affinity.requestsPerSecond() + " vs " + random.requestsPerSecond());
        assertTrue(affinity.meanTtftMs() < random.meanTtftMs() / 2,
            "mean TTFT " + affinity.meanTtftMs() + " vs " + random.meanTtftMs());
        assertTrue(affinity.prefixHitRate() > random.prefixHitRate());
    }

    @Test
    void run_defaultH100ProfileSaturated_groupAffinityBeatsRandom() {
        assertAffinityWins(config(H100, 80), "h100-7b (61,440 blocks per replica), 80 req/s");
    }

    @Test
    void run_kvConstrainedReplicas_groupAffinityBeatsRandomByMore() {
        // 8,192 blocks = 131k tokens per replica: the 64 x 4096-token prefixes (262k) fit only when partitioned
        assertAffinityWins(config(H100.withNumGpuBlocks(8192), 30), "h100-7b with 8,192 blocks per replica, 30 req/s");
    }

    @Test
    void run_sameSeed_sameNumbers() {
        ScenarioConfig small = new ScenarioConfig(H100, 3, 8, 4, 1024, 64, 32, 20, 5);
        assertEquals(SharedPrefixScenario.run(small, Placement.random(3)),
            SharedPrefixScenario.run(small, Placement.random(3)));
    }
}
