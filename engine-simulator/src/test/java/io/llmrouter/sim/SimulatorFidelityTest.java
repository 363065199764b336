package io.llmrouter.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What a user sees of the simulator: response ids that never repeat (across replicas with the same
 * seed, and across restarts), each engine's own OpenAI answer fields and no other engine's, and no
 * Helidon INFO lines on stderr.
 */
class SimulatorFidelityTest {

    private static final String CHAT = "{\"model\":\"" + EngineOptions.DEFAULT_MODEL
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}";
    private static final String COMPLETION = "{\"model\":\"" + EngineOptions.DEFAULT_MODEL
            + "\",\"prompt\":\"hi\",\"max_tokens\":2}";

    private static SimulatedEngine start(EngineKind kind) {
        return SimulatedEngine.start(EngineOptions.builder().engine(kind).profile("instant").build());
    }

    @Test
    void ids_sameSeedReplicasAndRestarts_neverRepeat() throws Exception {
        Set<String> ids = new HashSet<>();
        int requests = 0;
        for (int restart = 0; restart < 2; restart++) {
            try (SimulatedEngine a = start(EngineKind.VLLM); SimulatedEngine b = start(EngineKind.VLLM)) {
                for (SimulatedEngine engine : List.of(a, b)) {
                    SimHttpClient http = new SimHttpClient(engine.baseUri());
                    for (int i = 0; i < 5; i++) {
                        String chat = http.post("/v1/chat/completions", CHAT).json().path("id").asText();
                        String completion = http.post("/v1/completions", COMPLETION).json().path("id").asText();
                        assertTrue(chat.matches("chatcmpl-[0-9a-f]{32}"), chat);
                        assertTrue(completion.matches("cmpl-[0-9a-f]{32}"), completion);
                        ids.add(chat.substring("chatcmpl-".length()));
                        ids.add(completion.substring("cmpl-".length()));
                        requests += 2;
                    }
                }
            }
        }
        assertEquals(requests, ids.size(), "every response id is new: " + ids);
    }

    @Test
    void sglangAndTgi_openAiAnswers_carryNoVllmOnlyFields() throws Exception {
        for (EngineKind kind : List.of(EngineKind.SGLANG, EngineKind.TGI)) {
            try (SimulatedEngine engine = start(kind)) {
                SimHttpClient http = new SimHttpClient(engine.baseUri());
                for (String[] call : List.of(new String[] {"/v1/chat/completions", CHAT},
                        new String[] {"/v1/completions", COMPLETION})) {
                    SimHttpClient.Reply reply = http.post(call[0], call[1]);
                    assertEquals(200, reply.status(), reply.body());
                    for (String vllmOnly : List.of("reasoning_content", "kv_transfer_params", "stop_reason",
                            "prompt_logprobs")) {
                        assertFalse(reply.body().contains("\"" + vllmOnly + "\""), kind + " " + reply.body());
                    }
                    JsonNode choice = reply.json().at("/choices/0");
                    assertEquals(kind == EngineKind.SGLANG, choice.has("matched_stop"), reply.body());
                    assertEquals(kind == EngineKind.TGI, reply.json().has("system_fingerprint"), reply.body());
                    assertTrue(reply.json().at("/usage/completion_tokens").asInt() > 0, reply.body());
                }
                List<String> events = http.stream("/v1/chat/completions",
                        CHAT.replace("\"max_tokens\":2", "\"max_tokens\":2,\"stream\":true"));
                assertFalse(events.isEmpty());
                events.forEach(e -> assertFalse(e.contains("stop_reason"), kind + " " + e));
            }
        }
    }

    @Test
    void vllm_openAiAnswer_keepsItsOwnFields() throws Exception {
        try (SimulatedEngine engine = start(EngineKind.VLLM)) {
            JsonNode chat = new SimHttpClient(engine.baseUri()).post("/v1/chat/completions", CHAT).json();
            assertTrue(chat.at("/choices/0/message").has("reasoning_content"), chat.toString());
            assertTrue(chat.has("kv_transfer_params"), chat.toString());
            assertTrue(chat.at("/choices/0").has("stop_reason"), chat.toString());
        }
    }

    @Test
    void start_helidonInfoLines_notLogged() throws Exception {
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (records) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger helidon = Logger.getLogger("io.helidon");
        helidon.addHandler(capture);
        try (SimulatedEngine engine = start(EngineKind.VLLM)) {
            new SimHttpClient(engine.baseUri()).post("/v1/completions", COMPLETION);
        } finally {
            helidon.removeHandler(capture);
        }
        synchronized (records) {
            assertEquals(List.of(), records.stream().filter(r -> r.getLevel().intValue() < Level.WARNING.intValue())
                    .map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
        }
    }
}
