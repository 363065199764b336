package io.llmrouter.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedClusterTest {

    @Test
    void start_threeEphemeralReplicas_eachServesOnItsOwnPort() throws Exception {
        try (SimulatedCluster cluster = SimulatedCluster.start(EngineOptions.builder().profile("instant").build(), 3)) {
            Set<Integer> ports = new HashSet<>();
            for (SimulatedEngine engine : cluster.engines()) {
                ports.add(engine.port());
                var reply = new SimHttpClient(engine.baseUri()).post("/v1/completions", "{\"prompt\":\"hi\",\"max_tokens\":1}");
                assertEquals(200, reply.status());
                assertEquals(1, engine.stats().requestsCompleted());
            }
            assertEquals(3, ports.size());
        }
    }

    @Test
    void start_sameSeed_sameTextOnEveryReplica() throws Exception {
        try (SimulatedCluster cluster = SimulatedCluster.start(EngineOptions.builder().profile("instant").build(), 2)) {
            String request = "{\"prompt\":\"same everywhere\",\"max_tokens\":6}";
            String a = new SimHttpClient(cluster.engine(0).baseUri()).post("/v1/completions", request).json()
                .at("/choices/0/text").asText();
            String b = new SimHttpClient(cluster.engine(1).baseUri()).post("/v1/completions", request).json()
                .at("/choices/0/text").asText();
            assertEquals(a, b);
        }
    }
}
