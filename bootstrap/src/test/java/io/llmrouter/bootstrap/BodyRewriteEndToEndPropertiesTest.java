package io.llmrouter.bootstrap;

import static io.llmrouter.bootstrap.RouterHarness.endpoint;
import static io.llmrouter.bootstrap.RouterHarness.route;
import static io.llmrouter.bootstrap.RouterHarness.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.bootstrap.RecordingEngine.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random request bodies through the real router to an engine that records what it got: the body
 * the engine receives is always one valid JSON value equal to what the client sent with exactly
 * the model overridden (the ModelServer's model) and, on a stream whose client did not ask,
 * {@code stream_options.include_usage} turned on; the client of such a stream never sees the usage
 * chunk. A value the router cannot interpret is a 400 naming the field, and nothing is sent.
 * The model is the route's name written with random escapes, so routing works and the model
 * token's end is found however it is spelled.
 */
class BodyRewriteEndToEndPropertiesTest {

    static final String OVERRIDE = "engine \"7B\" / Modèl";
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String EVENT = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"text\":\"a\"}],\"usage\":null}\n\n";
    static final String USAGE = "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
            + "\"completion_tokens\":1,\"total_tokens\":4}}\n\n";

    static RouterHarness harness;
    static RecordingEngine engine;

    @BeforeAll
    static void start() {
        engine = new RecordingEngine();
        engine.respond(BodyRewriteEndToEndPropertiesTest::answer);
        harness = new RouterHarness();
        harness.start(route("r", "m-prop", "s") + server("s", "'" + OVERRIDE.replace("'", "''") + "'", "")
                + endpoint("e", "s", engine.port()));
    }

    @AfterAll
    static void stop() {
        harness.close();
        engine.close();
    }

    /** A stream answer with a usage chunk when the request (as received) is a stream, else a JSON completion. */
    static Reply answer(RecordingEngine.Received r) {
        boolean stream;
        try {
            stream = JSON.readTree(r.body()).path("stream").asBoolean(false);
        } catch (IOException e) {
            return Reply.json(400, "{\"error\":\"the router sent invalid JSON\"}");
        }
        if (!stream) {
            return Reply.json(200, RecordingEngine.COMPLETION);
        }
        return Reply.of(200, "text/event-stream", EVENT + USAGE + "data: [DONE]\n\n");
    }

    @Test
    void engineGetsValidJsonDifferingOnlyWhereIntended_orClientGetsA400NamingTheField() {
        Set<String> outcomes = new TreeSet<>();
        Property.check("request bodies through the router", 100, Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE), seed -> {
            try {
                outcomes.add(throughTheRouter(seed));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // The generator must keep reaching every outcome, or the property checks less than it says.
        assertEquals(Set.of("not streamed", "refused", "stream, client asked", "stream, router asked"), outcomes);
    }

    /** One random body through the router; returns the outcome: refused, or how the stream's usage went. */
    private static String throughTheRouter(long seed) throws IOException {
        String body = new Bodies(new Random(seed)).body();
        JsonNode before = JSON.readTree(body);
        engine.clear();
        HttpResponse<String> res = send(body);
        String expectedProblem = problem(before);
        if (expectedProblem != null) {
            assertEquals(400, res.statusCode(), body + "\n" + res.body());
            assertEquals(expectedProblem, JSON.readTree(res.body()).at("/error/param").asText(), res.body());
            assertEquals(List.of(), engine.inference(), "a refused body is never sent");
            return "refused";
        }
        assertEquals(200, res.statusCode(), body + "\n" + res.body());
        List<RecordingEngine.Received> got = engine.inference();
        assertEquals(1, got.size());
        JsonNode sent = JSON.readTree(got.get(0).body());
        ObjectNode expected = before.deepCopy();
        expected.put("model", OVERRIDE);
        boolean stream = before.path("stream").asBoolean(false);
        boolean clientAsked = before.path("stream_options").path("include_usage").asBoolean(false);
        if (stream && !clientAsked) {
            if (!expected.path("stream_options").isObject()) {
                expected.putObject("stream_options");
            }
            ((ObjectNode) expected.get("stream_options")).put("include_usage", true);
        }
        assertEquals(expected, sent, () -> "client sent: " + body + "\nengine got:  " + got.get(0).bodyText());
        if (stream) {
            assertTrue(res.body().startsWith(EVENT), res.body());
            assertEquals(clientAsked, res.body().contains(USAGE), res.body());
            assertTrue(res.body().endsWith("data: [DONE]\n\n"), res.body());
        } else {
            assertFalse(res.body().startsWith("data:"), res.body());
        }
        return !stream ? "not streamed" : clientAsked ? "stream, client asked" : "stream, router asked";
    }

    /** The field a stream's body is refused for, or null. */
    static String problem(JsonNode body) {
        if (!body.path("stream").asBoolean(false)) {
            return null;
        }
        JsonNode options = body.get("stream_options");
        if (options != null && !options.isNull() && !options.isObject()) {
            return "stream_options";
        }
        JsonNode usage = options == null ? null : options.get("include_usage");
        if (usage != null && !usage.isBoolean() && !usage.isNull()) {
            return "stream_options.include_usage";
        }
        return null;
    }

    static HttpResponse<String> send(String body) {
        try {
            return harness.http.send(HttpRequest.newBuilder(harness.uri("/v1/completions")).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A seeded body generator: the fields the router reads, in random order and spelling, amid random JSON. */
    record Bodies(Random r) {

        String body() {
            List<String> members = new ArrayList<>();
            members.add(member("model", string("m-prop")));
            members.add(member("prompt", string(text())));
            switch (r.nextInt(4)) {
                case 0 -> members.add(member("stream", "true"));
                case 1 -> members.add(member("stream", pick("false", "null")));
                default -> {
                    if (r.nextBoolean()) {
                        members.add(member("stream", "true"));
                    }
                }
            }
            if (r.nextInt(3) > 0) {
                members.add(member("stream_options", pick("null", "{}", "{ }", "\"yes\"", "[true]",
                        obj("include_usage", "true"), obj("include_usage", "false"), obj("include_usage", "null"),
                        obj("include_usage", "\"true\""), obj("include_usage", "1"), obj("include_usage", "{}"),
                        "{" + ws() + member("continuous_usage_stats", "true") + ws() + "}",
                        "{" + member("continuous_usage_stats", "false") + "," + ws() + member("include_usage", "false") + "}")));
            }
            for (int i = r.nextInt(3); i > 0; i--) {
                members.add(member("x" + text(), value(3)));
            }
            Collections.shuffle(members, r);
            return ws() + "{" + ws() + String.join(ws() + "," + ws(), members) + ws() + "}" + ws();
        }

        String obj(String key, String value) {
            return "{" + ws() + member(key, value) + ws() + "}";
        }

        String value(int depth) {
            return switch (r.nextInt(depth > 0 ? 7 : 5)) {
                case 0 -> string(text());
                case 1 -> pick("0", "-12", "3.25", "-0.5e3", "1E+2", "123456789012345678901234567890");
                case 2 -> pick("true", "false");
                case 3 -> "null";
                case 4 -> string("");
                case 5 -> {
                    List<String> items = new ArrayList<>();
                    for (int i = r.nextInt(4); i > 0; i--) {
                        items.add(value(depth - 1));
                    }
                    yield "[" + ws() + String.join(ws() + "," + ws(), items) + ws() + "]";
                }
                default -> {
                    List<String> items = new ArrayList<>();
                    for (int i = r.nextInt(4); i > 0; i--) {
                        items.add(member(pick("model", "stream", "stream_options", "include_usage", text()), value(depth - 1)));
                    }
                    yield "{" + ws() + String.join(ws() + "," + ws(), items) + ws() + "}";
                }
            };
        }

        String member(String key, String value) {
            return string(key) + ws() + ":" + ws() + value;
        }

        String text() {
            StringBuilder s = new StringBuilder();
            for (int i = r.nextInt(8); i > 0; i--) {
                s.append(pick("\"", "\\", "\n", "\u0001", "é", "日本", "😀", "/", "a", "z", " "));
            }
            return s.toString();
        }

        /** A JSON string literal, each character escaped or not at random (a surrogate pair as a unit). */
        String string(String content) {
            StringBuilder out = new StringBuilder("\"");
            for (int i = 0; i < content.length(); i++) {
                char c = content.charAt(i);
                boolean escape = r.nextInt(3) == 0;
                if (Character.isHighSurrogate(c) && i + 1 < content.length()) {
                    char low = content.charAt(++i);
                    out.append(escape ? String.format("\\u%04x\\u%04x", (int) c, (int) low) : "" + c + low);
                } else if (c == '"' || c == '\\' || c < 0x20 || escape) {
                    out.append(c == '"' && !escape ? "\\\"" : c == '\\' && !escape ? "\\\\" : String.format("\\u%04X", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }

        String ws() {
            return pick("", "", " ", "\n", "\t ", "\r\n");
        }

        String pick(String... choices) {
            return choices[r.nextInt(choices.length)];
        }
    }
}
