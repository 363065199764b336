package io.llmrouter.adapters.engines.forward;

import static io.llmrouter.adapters.engines.forward.PdSinks.call;
import static io.llmrouter.adapters.engines.forward.PdSinks.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.pd.KvConnector;
import io.llmrouter.domain.pd.PairCall;
import io.llmrouter.domain.pd.PairResult;
import io.llmrouter.domain.pd.PdRole;
import io.llmrouter.domain.pd.PdSettings;
import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.EngineRole;
import io.llmrouter.sim.RecordedRequest;
import io.llmrouter.sim.SimulatedEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every KV connector end to end against simulated prefill and decode engines on loopback: the two
 * request bodies byte for byte, their order (or concurrency), the relay of the decode answer, and
 * what the decode engine made of the hand-off (its own metrics say whether it recomputed).
 */
class HelidonPdGatewayTest {

    static final String PROMPT = "a long prompt that the prefill engine computes for the decode engine ".repeat(6);
    static final String BODY = "{\"model\":\"m\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":5}";
    static final String STREAM_BODY = "{\"model\":\"m\",\"prompt\":\"" + PROMPT
            + "\",\"max_tokens\":5,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

    static HelidonEngineGateway engines;

    @BeforeAll
    static void startGateway() {
        engines = new HelidonEngineGateway(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    @AfterAll
    static void noop() {
    }

    static SimulatedEngine start(EngineKind kind, EngineRole role) {
        return SimulatedEngine.start(EngineOptions.builder().engine(kind).role(role).profile("instant")
                .model("m").build());
    }

    /** Records leg starts and ends in order, so the tests can tell sequential from concurrent. */
    static final class LegLog implements PairCall.Legs {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public PairCall.Leg start(PdRole role) {
            events.add("start " + role.wireName());
            return new PairCall.Leg() {
                @Override
                public Optional<String> traceparent() {
                    return Optional.empty();
                }

                @Override
                public void ended(int status, String result) {
                    events.add("end " + role.wireName() + " " + status + " " + result);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    static PairResult run(KvConnector connector, PdSettings settings, SimulatedEngine prefill, SimulatedEngine decode,
                          InferenceRequest request, PdSinks.Client client, LegLog legs, RandomGenerator random) {
        HelidonPdGateway gateway = new HelidonPdGateway(engines, random, () -> "xfer-0000");
        return gateway.forward(new PairCall(call(prefill.port(), request), call(decode.port(), request), connector,
                settings, legs), client);
    }

    static String onlyBody(SimulatedEngine engine) {
        List<RecordedRequest> recorded = engine.recordedRequests();
        assertEquals(1, recorded.size(), "requests received");
        return recorded.get(0).body();
    }

    static String metric(SimulatedEngine engine, String name) {
        return engine.metricsText().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow()
                .substring(name.length() + 1);
    }

    @Test
    void http_prefillWithTokenLimitOneAndNoStream_thenDecodeWithTheOriginalBody_streamedThrough() {
        try (SimulatedEngine p = start(EngineKind.VLLM, EngineRole.PREFILL);
             SimulatedEngine d = start(EngineKind.VLLM, EngineRole.DECODE)) {
            PdSinks.Client client = new PdSinks.Client();
            LegLog legs = new LegLog();
            PairResult r = run(KvConnector.HTTP, PdSettings.DEFAULT, p, d, request("/v1/completions", STREAM_BODY, true),
                    client, legs, RandomGenerator.getDefault());
            assertEquals("{\"model\":\"m\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":1}", onlyBody(p));
            assertEquals(STREAM_BODY, onlyBody(d));
            assertEquals(List.of("start prefill", "end prefill 200 ok", "start decode", "end decode 200 ok"), legs.events);
            ForwardResult.Relayed relayed = assertInstanceOf(ForwardResult.Relayed.class,
                    assertInstanceOf(PairResult.Decoded.class, r).decode());
            assertEquals(5, relayed.usage().completionTokens());
            assertTrue(client.text().startsWith("data: "), client.text());
            assertTrue(client.text().trim().endsWith("data: [DONE]"), client.text());
            // the simulated LMCache had the prompt: the decode engine loaded it, and recomputed nothing
            assertEquals("1", metric(d, "sim_pd_kv_transfers_total"));
            assertEquals("0", metric(d, "sim_pd_prefill_recomputed_total"));
            assertEquals(p.recordedRequests().get(0).headers().get("x-request-id"),
                    d.recordedRequests().get(0).headers().get("x-request-id"));
        }
    }

    @Test
    void http_maxCompletionTokensIsSetToOneAndMaxTokensRemoved_responsesGetMaxOutputTokens() {
        byte[] chat = PdBodies.prefill(("{\"model\":\"m\",\"messages\":[],\"max_tokens\":9,\"max_completion_tokens\":9,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"temperature\":0.70}").getBytes(),
                "/v1/chat/completions", PdBodies.TokenLimit.OPENAI, "");
        assertEquals("{\"model\":\"m\",\"messages\":[],\"max_completion_tokens\":1,\"temperature\":0.70}", new String(chat));
        byte[] responses = PdBodies.prefill("{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":64}".getBytes(),
                "/v1/responses", PdBodies.TokenLimit.OPENAI, "");
        assertEquals("{\"model\":\"m\",\"input\":\"x\",\"max_output_tokens\":1}", new String(responses));
        byte[] kthena = PdBodies.prefill("{\"model\":\"m\",\"max_completion_tokens\":9,\"stream\":true}".getBytes(),
                "/v1/chat/completions", PdBodies.TokenLimit.KTHENA, "\"bootstrap_room\":7");
        assertEquals("{\"model\":\"m\",\"max_completion_tokens\":1,\"max_tokens\":1,\"bootstrap_room\":7}",
                new String(kthena));
    }

    @Test
    void nixl_prefillAsksForTransferParams_decodeGetsThemVerbatim_andSkipsThePrefill() {
        try (SimulatedEngine p = start(EngineKind.VLLM, EngineRole.PREFILL);
             SimulatedEngine d = start(EngineKind.VLLM, EngineRole.DECODE)) {
            PdSinks.Client client = new PdSinks.Client();
            PairResult r = run(KvConnector.NIXL, PdSettings.DEFAULT, p, d, request("/v1/completions", BODY, false),
                    client, new LegLog(), RandomGenerator.getDefault());
            assertEquals("{\"model\":\"m\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":1,"
                    + "\"kv_transfer_params\":{\"do_remote_decode\":true,\"do_remote_prefill\":false}}", onlyBody(p));
            String blocks = d.recordedRequests().get(0).body().replaceAll(".*\"remote_block_ids\":(\\[[0-9,]*\\]).*", "$1");
            assertEquals(BODY.substring(0, BODY.length() - 1) + ",\"kv_transfer_params\":{\"do_remote_prefill\":true,"
                    + "\"do_remote_decode\":false,\"remote_block_ids\":" + blocks + ",\"remote_engine_id\":\"sim-"
                    + p.port() + "\",\"remote_host\":\"127.0.0.1\",\"remote_port\":" + p.port() + ",\"tp_size\":1}}",
                    onlyBody(d));
            assertFalse(assertInstanceOf(PairResult.Decoded.class, r).kvParamsMissing());
            assertEquals(200, client.status);
            assertEquals("1", metric(d, "sim_pd_kv_transfers_total"));
            assertEquals("0", metric(d, "sim_pd_prefill_recomputed_total"));
        }
    }

    @Test
    void nixl_prefillOnAnAggregatedEngineReturnsNoParams_decodeGetsNull_andRecomputes() {
        try (SimulatedEngine p = start(EngineKind.SGLANG, EngineRole.BOTH);
             SimulatedEngine d = start(EngineKind.VLLM, EngineRole.DECODE)) {
            // an engine without the NIXL connector: its answer has no kv_transfer_params
            String unique = BODY.replace("a long prompt", "another prompt");
            PairResult r = run(KvConnector.NIXL, PdSettings.DEFAULT, p, d, request("/v1/completions", unique, false),
                    new PdSinks.Client(), new LegLog(), RandomGenerator.getDefault());
            assertTrue(assertInstanceOf(PairResult.Decoded.class, r).kvParamsMissing());
            assertEquals(unique.substring(0, unique.length() - 1) + ",\"kv_transfer_params\":null}", onlyBody(d));
            assertEquals("1", metric(d, "sim_pd_prefill_recomputed_total"));
        }
    }

    @Test
    void mooncake_transferIdHandshake_sameIdOnBothLegs_decodeParamsSynthesised() {
        try (SimulatedEngine p = start(EngineKind.VLLM, EngineRole.PREFILL);
             SimulatedEngine d = start(EngineKind.VLLM, EngineRole.DECODE)) {
            PdSettings modern = new PdSettings(true, false, 8998, true);
            run(KvConnector.MOONCAKE, modern, p, d, request("/v1/completions", BODY, false), new PdSinks.Client(),
                    new LegLog(), RandomGenerator.getDefault());
            assertEquals("{\"model\":\"m\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":1,\"kv_transfer_params\":"
                    + "{\"do_remote_decode\":true,\"do_remote_prefill\":false,\"transfer_id\":\"xfer-0000\"}}", onlyBody(p));
            assertEquals(BODY.substring(0, BODY.length() - 1) + ",\"kv_transfer_params\":{\"do_remote_decode\":false,"
                    + "\"do_remote_prefill\":true,\"transfer_id\":\"xfer-0000\",\"remote_engine_id\":\"sim-" + p.port()
                    + "\",\"remote_bootstrap_addr\":\"http://127.0.0.1:" + p.port() + "\"}}", onlyBody(d));
            assertEquals("1", metric(d, "sim_pd_kv_transfers_total"));
        }
    }

    @Test
    void mooncake_kthenaFlowByDefault_isTheNixlSequence() {
        try (SimulatedEngine p = start(EngineKind.VLLM, EngineRole.PREFILL);
             SimulatedEngine d = start(EngineKind.VLLM, EngineRole.DECODE)) {
            run(KvConnector.MOONCAKE, PdSettings.DEFAULT, p, d, request("/v1/completions", BODY, false),
                    new PdSinks.Client(), new LegLog(), RandomGenerator.getDefault());
            assertTrue(onlyBody(p).endsWith(HelidonPdGateway.NIXL_PREFILL + "}"), onlyBody(p));
            assertTrue(onlyBody(d).contains("\"remote_block_ids\":["), onlyBody(d));
        }
    }

    @Test
    void sglang_sameBodyToBothLegsWithBootstrapFields_sentConcurrently() {
        try (SimulatedEngine p = start(EngineKind.SGLANG, EngineRole.PREFILL);
             SimulatedEngine d = start(EngineKind.SGLANG, EngineRole.DECODE)) {
            LegLog legs = new LegLog();
            PdSinks.Client client = new PdSinks.Client();
            PairResult r = run(KvConnector.SGLANG, PdSettings.DEFAULT, p, d, request("/v1/completions", STREAM_BODY, true),
                    client, legs, new java.util.Random(42));
            long room = new java.util.Random(42).nextLong() & Long.MAX_VALUE;
            String expected = STREAM_BODY.substring(0, STREAM_BODY.length() - 1)
                    + ",\"bootstrap_host\":\"127.0.0.1\",\"bootstrap_port\":8998,\"bootstrap_room\":" + room + "}";
            assertEquals(expected, onlyBody(p));
            assertEquals(expected, onlyBody(d));
            // both legs started before either ended
            assertEquals(java.util.Set.of("start prefill", "start decode"), java.util.Set.copyOf(legs.events.subList(0, 2)));
            assertInstanceOf(ForwardResult.Relayed.class, assertInstanceOf(PairResult.Decoded.class, r).decode());
            assertTrue(client.text().trim().endsWith("data: [DONE]"), client.text());
        }
    }

    @Test
    void sglang_kthenaMode_prefillTokenLimitOneNoPort() {
        try (SimulatedEngine p = start(EngineKind.SGLANG, EngineRole.PREFILL);
             SimulatedEngine d = start(EngineKind.SGLANG, EngineRole.DECODE)) {
            PdSettings kthena = new PdSettings(false, true, 8998, true);
            run(KvConnector.SGLANG, kthena, p, d, request("/v1/completions", STREAM_BODY, true), new PdSinks.Client(),
                    new LegLog(), new java.util.Random(7));
            long room = new java.util.Random(7).nextLong() & Long.MAX_VALUE;
            assertEquals("{\"model\":\"m\",\"prompt\":\"" + PROMPT + "\",\"max_tokens\":1,\"bootstrap_room\":" + room + "}",
                    onlyBody(p));
            assertEquals(STREAM_BODY.substring(0, STREAM_BODY.length() - 1) + ",\"bootstrap_room\":" + room
                    + ",\"bootstrap_host\":\"127.0.0.1\"}", onlyBody(d));
        }
    }

    @Test
    void sglang_decodeFailureCancelsThePrefill_andIsRetryable() {
        try (SimulatedEngine p = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.SGLANG)
                .role(EngineRole.PREFILL).profile("instant").model("m").build());
             SimulatedEngine d = start(EngineKind.SGLANG, EngineRole.DECODE)) {
            p.faults().latencySpike(Duration.ofSeconds(5), 1.0); // the prefill would take 5 s
            d.faults().errorRate(1.0, 503);
            PdSinks.Client client = new PdSinks.Client();
            long began = System.nanoTime();
            PairResult r = run(KvConnector.SGLANG, PdSettings.DEFAULT, p, d, request("/v1/completions", BODY, false),
                    client, new LegLog(), new java.util.Random(1));
            long tookMs = (System.nanoTime() - began) / 1_000_000;
            assertInstanceOf(ForwardResult.ServerError.class, assertInstanceOf(PairResult.Decoded.class, r).decode());
            assertTrue(r.retryable());
            assertFalse(client.committed());
            assertTrue(tookMs < 4000, "the prefill was cancelled, not waited for: " + tookMs + " ms");
        }
    }

    @Test
    void prefill4xxGoesToTheClient_prefill5xxAndRefusalAreRetryablePrefillFailures() {
        try (SimulatedEngine p = start(EngineKind.VLLM, EngineRole.PREFILL);
             SimulatedEngine d = start(EngineKind.VLLM, EngineRole.DECODE)) {
            PdSinks.Client client = new PdSinks.Client();
            PairResult rejected = run(KvConnector.HTTP, PdSettings.DEFAULT, p, d,
                    request("/v1/completions", "{\"model\":\"nope\",\"prompt\":\"x\",\"max_tokens\":3}", false), client,
                    new LegLog(), RandomGenerator.getDefault());
            assertInstanceOf(PairResult.PrefillRejected.class, rejected);
            assertEquals(404, client.status);
            assertTrue(client.text().contains("nope"), client.text());
            assertEquals(0, d.recordedRequests().size(), "no decode after a refused prefill");

            p.faults().errorRate(1.0, 500);
            PairResult failed = run(KvConnector.HTTP, PdSettings.DEFAULT, p, d, request("/v1/completions", BODY, false),
                    new PdSinks.Client(), new LegLog(), RandomGenerator.getDefault());
            assertInstanceOf(ForwardResult.ServerError.class,
                    assertInstanceOf(PairResult.PrefillFailed.class, failed).result());
            assertTrue(failed.retryable());
            p.faults().clear().refuseConnections(true);
            PairResult refused = run(KvConnector.NIXL, PdSettings.DEFAULT, p, d, request("/v1/completions", BODY, false),
                    new PdSinks.Client(), new LegLog(), RandomGenerator.getDefault());
            assertTrue(refused.retryable(), refused.toString());
            assertEquals(0, d.recordedRequests().size());
        }
    }
}
