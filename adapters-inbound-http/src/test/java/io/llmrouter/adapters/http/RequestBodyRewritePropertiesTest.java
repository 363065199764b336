package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.domain.inference.ByteSplice;
import io.llmrouter.domain.inference.RequestBody;
import io.llmrouter.domain.inference.StreamUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import org.junit.jupiter.api.Test;

/**
 * Random request bodies through the one-pass parser, the model splice and the usage splice (the
 * splices applied by the same {@link ByteSplice#apply} the forwarder uses): the result is always
 * one valid JSON value equal to the input's tree with exactly the intended fields changed, or the
 * body is refused with a 400 naming a field the router needs and cannot use.
 */
class RequestBodyRewritePropertiesTest {

    record Case(long seed, boolean override) {
    }

    @Test
    void parseAndSplice_validJsonDifferingOnlyWhereIntended_orRefusedNamingTheField() {
        Set<String> outcomes = new TreeSet<>();
        Gen<Case> cases = Gen.combine(Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE), Gen.booleans(), Case::new);
        Property.check("request body parse and splice", 500, cases, c -> {
            try {
                outcomes.add(parseAndSplice(c.seed(), c.override()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        // The generator must keep reaching every outcome, or the property checks less than it says.
        assertTrue(outcomes.containsAll(Set.of("accepted: NOT_STREAMED", "accepted: CLIENT_ASKED", "accepted: ROUTER_ASKS"))
                && outcomes.stream().anyMatch(o -> o.startsWith("refused: ")), outcomes.toString());
    }

    /** One body through parse and splice; returns the outcome: refused naming which field, or the usage mode. */
    private static String parseAndSplice(long seed, boolean override) throws Exception {
        RandomJsonBodies.Body body = new RandomJsonBodies(seed).body(null);
        byte[] bytes = body.text().getBytes(StandardCharsets.UTF_8);
        Map<String, Object> before = TestJsonTree.object(TestJsonTree.read(bytes));
        Set<String> problems = RandomJsonBodies.problems(before, body.path());
        ParsedBody parsed;
        try {
            parsed = RequestParser.parse(bytes, body.path());
        } catch (RequestParser.InvalidRequest e) {
            assertEquals(ErrorKind.INVALID_REQUEST, e.error().kind());
            String param = e.error().param().orElse("(none)");
            assertTrue(problems.contains(param), "refused naming " + param + ", problems " + problems + ": " + body);
            return "refused: " + param;
        }
        assertTrue(problems.isEmpty(), "accepted despite " + problems + ": " + body);
        assertEquals(before.get("model"), parsed.model());
        boolean stream = Boolean.TRUE.equals(before.get("stream"));
        assertEquals(stream, parsed.stream());
        boolean clientAsked = before.get("stream_options") instanceof Map<?, ?> o && Boolean.TRUE.equals(o.get("include_usage"));
        StreamUsage usage = parsed.body().usage();
        assertEquals(!stream ? StreamUsage.Mode.NOT_STREAMED
                : clientAsked ? StreamUsage.Mode.CLIENT_ASKED : StreamUsage.Mode.ROUTER_ASKS, usage.mode(), body.text());

        String newModel = "target/Modèl \"7B\"\\\u0001😀";
        byte[] out = ByteSplice.apply(bytes, splices(parsed.body(), override ? newModel : null));
        Object after = TestJsonTree.read(out);

        Map<String, Object> expected = TestJsonTree.object(TestJsonTree.copy(before));
        if (override) {
            expected.put("model", newModel);
        }
        if (usage.hideUsageChunk()) {
            Object options = expected.get("stream_options");
            if (!(options instanceof Map)) {
                expected.put("stream_options", new HashMap<>(Map.of("include_usage", true)));
            } else {
                TestJsonTree.object(options).put("include_usage", true);
            }
        }
        assertEquals(expected, after, () -> "in:  " + body.text() + "\nout: " + new String(out, StandardCharsets.UTF_8));
        if (!override && !usage.hideUsageChunk()) {
            assertTrue(java.util.Arrays.equals(bytes, out), "nothing to change: the body goes byte for byte");
        }
        return "accepted: " + usage.mode();
    }

    /** Both splices as the forwarder makes them: the model value quoted by Jackson, the usage edit as parsed. */
    static List<ByteSplice> splices(RequestBody body, String model) {
        List<ByteSplice> splices = new ArrayList<>();
        if (model != null) {
            byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(model);
            byte[] quoted = new byte[escaped.length + 2];
            quoted[0] = '"';
            System.arraycopy(escaped, 0, quoted, 1, escaped.length);
            quoted[quoted.length - 1] = '"';
            splices.add(new ByteSplice(body.modelValueStart(), body.modelValueEnd(), quoted));
        }
        body.usage().bodyEdit().ifPresent(splices::add);
        return splices;
    }
}
