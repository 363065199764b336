package io.llmrouter.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.core.Profiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With a real profile at speedup 1, SSE events leave one decode step apart (flushed, not buffered). */
class StreamingPaceTest {

    @Test
    void stream_h100ProfileRealTime_eventsSpacedByDecodeSteps() throws Exception {
        try (SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().profile("h100-7b").build())) {
            HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(engine.baseUri().resolve("/v1/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"pace\",\"max_tokens\":20,\"stream\":true}"))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            List<Long> arrivals = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data: {")) {
                        arrivals.add(System.nanoTime());
                    }
                }
            }
            assertEquals(20, arrivals.size());
            // 19 decode steps of at least 1.5 + 5.57 ms each (engines.md D.4) separate the first and last event; a
            // buffered response would deliver all 20 at once. A quarter of the span leaves room for a busy client.
            double decodeMs = new io.llmrouter.sim.core.StepTimeModel(Profiles.named("h100-7b"), 1).stepNanos(0, 1, 20, 0)
                / 1e6;
            double spreadMs = (arrivals.get(19) - arrivals.get(0)) / 1e6;
            assertTrue(spreadMs >= 19 * decodeMs * 0.25, "20 events arrived within " + spreadMs + " ms");
            long distinctMillis = arrivals.stream().map(t -> t / 1_000_000).distinct().count();
            assertTrue(distinctMillis >= 4, "events arrived in bursts: " + distinctMillis + " distinct ms");
        }
    }
}
