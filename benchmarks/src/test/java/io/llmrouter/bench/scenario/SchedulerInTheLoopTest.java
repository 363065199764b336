package io.llmrouter.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.core.Profiles;
import io.llmrouter.sim.virtual.Placement;
import io.llmrouter.sim.virtual.ScenarioConfig;
import io.llmrouter.sim.virtual.ScenarioResult;
import io.llmrouter.sim.virtual.SharedPrefixScenario;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real scheduler placing the Kthena-shaped shared-prefix workload on simulated vLLM replicas,
 * in virtual time (seed 1, so the numbers never change). The tables are printed (see
 * target/surefire-reports/*-output.txt) and copied into docs/benchmarks.md.
 */
class SchedulerInTheLoopTest {

    private static final long SEED = 1;
    private static Map<String, RoutedResult> constrained;

    @BeforeAll
    static void runEveryPluginSetOnTheKvConstrainedReplicas() {
        constrained = SchedulerInTheLoop.runAll(SchedulerInTheLoop.constrained(SEED));
        System.out.println(SchedulerInTheLoop.table("h100-7b with 8,192 blocks per replica, 30 req/s", constrained));
    }

    private static ScenarioResult constrained(String set) {
        return constrained.get(set).scenario();
    }

    @Test
    void run_kvConstrainedReplicas_everyPluginSetCompletesEveryRequest() {
        constrained.values().forEach(r -> assertEquals(1024, r.scenario().requests(), r.scenario().policy()));
    }

    @Test
    void run_kvConstrainedReplicas_routerDefaultReachesOneAndAHalfTimesRandom() {
        ScenarioResult prefix = constrained(PluginSet.LR_PREFIX);
        ScenarioResult random = constrained(PluginSet.RANDOM);
        assertTrue(prefix.requestsPerSecond() >= 1.5 * random.requestsPerSecond(),
                prefix.requestsPerSecond() + " vs " + random.requestsPerSecond());
        assertTrue(prefix.meanTtftMs() < random.meanTtftMs(), prefix.meanTtftMs() + " vs " + random.meanTtftMs());
        // learning at dispatch keeps each group on one replica
        assertTrue(constrained.get(PluginSet.LR_PREFIX).replicasPerGroup() < 1.1);
    }

    @Test
    void run_kvConstrainedReplicas_learningOnlyAfterTheResponseScattersGroups() {
        // Kthena's PostSchedule: the index learns a group only once its first request finished, by
        // when the group's next requests were already spread over every replica.
        ScenarioResult late = constrained(PluginSet.LR_PREFIX_AFTER_RESPONSE);
        ScenarioResult atDispatch = constrained(PluginSet.LR_PREFIX);
        assertTrue(late.requestsPerSecond() < atDispatch.requestsPerSecond());
        assertTrue(constrained.get(PluginSet.LR_PREFIX_AFTER_RESPONSE).replicasPerGroup() > 2.0);
    }

    @Test
    void run_groupAffinityOracle_sameNumbersAsTheSimulatorsOwnPlacement() {
        ScenarioResult oracle = constrained(PluginSet.ORACLE);
        ScenarioResult simulator = SharedPrefixScenario.run(SchedulerInTheLoop.constrained(SEED),
                Placement.groupAffinity());
        // scrapes only read the engines, so the driver changes nothing the engines see
        assertEquals(simulator.durationSeconds(), oracle.durationSeconds());
        assertEquals(simulator.meanTtftMs(), oracle.meanTtftMs());
        assertEquals(simulator.p99TtftMs(), oracle.p99TtftMs());
        assertEquals(simulator.prefixHitRate(), oracle.prefixHitRate());
        assertEquals(simulator.preemptions(), oracle.preemptions());
    }

    @Test
    void run_roomyReplicas_oracleBestAndEveryRequestCompletes() {
        Map<String, RoutedResult> roomy = SchedulerInTheLoop.runAll(SchedulerInTheLoop.roomy(SEED));
        System.out.println(SchedulerInTheLoop.table("h100-7b (61,440 blocks per replica), 80 req/s", roomy));
        double oracle = roomy.get(PluginSet.ORACLE).scenario().requestsPerSecond();
        for (RoutedResult r : roomy.values()) {
            assertEquals(1024, r.scenario().requests(), r.scenario().policy());
            assertTrue(r.scenario().requestsPerSecond() <= oracle, r.scenario().policy());
        }
    }

    @Test
    void run_sameSeed_sameNumbers() {
        ScenarioConfig small = new ScenarioConfig(Profiles.named("h100-7b"), 3, 8, 4, 1024, 64, 32, 20, 5);
        PluginSet routerDefault = PluginSet.named(PluginSet.ROUTER_DEFAULT);
        assertEquals(RoutedScenario.run(small, routerDefault), RoutedScenario.run(small, routerDefault));
    }

    @Test
    void render_tokenIds_fourLittleEndianBytesEach() {
        assertArrayEquals(new byte[] {1, 0, 0, 0, (byte) 0xff, 0x01, 0, 0}, RoutedScenario.render(new int[] {1, 511}));
    }
}
