package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Whatever an engine sends, the parser either returns families or throws its own
 * {@link MetricsParseException}: never a RuntimeException or an Error, which would escape the
 * scraper's error handling. And it does so quickly: the time of every parse is checked against a
 * bound a hundred times what a linear parse of 64 KiB needs, so only superlinear work (a loop that
 * rescans the body) trips it, not a slow machine.
 */
class PrometheusTextParserPropertiesTest {

    /** A linear parse of 64 KiB takes about a millisecond; this leaves room for a cold JIT and a busy CI. */
    private static final long BOUND_NANOS = 1_000_000_000L;

    private static final List<byte[]> FIXTURES = List.of(
            "vllm-current-lora-scrape1.prom", "vllm-current-no-lora.prom", "vllm-legacy-scrape1.prom",
            "sglang-scrape1.prom", "tgi-scrape1.prom").stream()
            .map(name -> Fixtures.text(name).getBytes(StandardCharsets.UTF_8)).toList();

    /** Pieces of the grammar, so random texts reach past the first token of a line. */
    private static final List<String> TOKENS = List.of(
            "vllm:num_requests_running", "x_total", "x_created", "x_bucket", "h_count", "_", ":", "a1",
            "{", "}", "=", "\"", ",", "\\", "\\\\", "\\n", "\\\"", "le=\"+Inf\"", "engine=\"0\"",
            " ", "\t", "\n", "\r\n", "\r", "# ", "# TYPE ", "# HELP ", "# EOF", "# UNIT ",
            " counter", " gauge", " histogram", " summary", " untyped", " info", " bogus",
            "1", "-0.5", "1e308", "1e999", "+Inf", "-inf", "NaN", "0x10", "1.0d", "Infinity", ".", "e", "+", "-",
            "1700000000000", "ü", "\u0000", "\uFFFD", "😀");

    @Property(tries = 300)
    void randomBytes_parseOrMetricsParseException(@ForAll @Size(max = 65_536) byte[] body) {
        parseBounded(body);
    }

    @Property(tries = 300)
    void tokenSoup_parseOrMetricsParseException(@ForAll("tokenSoup") String text) {
        parseBounded(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void nearlyValidLinesCutAnywhere_parseOrMetricsParseException(@ForAll("nearlyValid") String text) {
        parseBounded(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void mutatedEngineExposition_parseOrMetricsParseException(@ForAll("mutatedFixtures") byte[] body) {
        parseBounded(body);
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(2_000).map(tokens -> String.join("", tokens));
    }

    /**
     * Lines of the exposition grammar, each piece now and then a wrong one (a bad escape, a missing
     * quote, a stray blank, an odd number), cut at any point, and two times in three just after a
     * backslash or a quote, where an escape or a label value is left open. The parser stops at the
     * first bad line, so wrong pieces are rare: most texts reach their cut.
     */
    @Provide
    Arbitrary<String> nearlyValid() {
        Arbitrary<String> name = mostly(Arbitraries.of("vllm:num_requests_running", "x_total", "x_created",
                "h_bucket", "h_count", "h_sum", "a", ":c"), Arbitraries.of("9bad", "", "\"q\"", "{"));
        Arbitrary<String> value = mostly(Arbitraries.of("1", "-0.5", "1e308", "+Inf", "NaN", "1 1700000000000"),
                Arbitraries.of("1e999", "0x10", "1.0d", "", "1 2 3", "1 # {t=\"x\"} 2", "ü"));
        Arbitrary<String> labelValue = mostly(Arbitraries.of("0", "+Inf", "a\\\\b", "say \\\"hi\\\"",
                "two\\nlines", "ü", "", "} , = #"), Arbitraries.of("bad\\x", "\\", "\"")).list().ofMaxSize(3)
                .map(parts -> String.join("", parts));
        Arbitrary<String> label = Combinators.combine(
                mostly(Arbitraries.of("le", "engine", "model_name"), Arbitraries.of("0x", "", "\"u\"")),
                mostly(Arbitraries.of("=", " = "), Arbitraries.of("", "==")), labelValue,
                mostly(Arbitraries.just("\""), Arbitraries.of("", "\"\""))).as((n, eq, v, close) -> n + eq + "\"" + v + close);
        Arbitrary<String> labels = label.list().ofMaxSize(4).map(list -> "{" + String.join(",", list) + "}")
                .optional(0.5).map(o -> o.orElse(""));
        Arbitrary<String> sample = Combinators.combine(name, labels, mostly(Arbitraries.of(" ", "\t"),
                Arbitraries.of("", "  ")), value).as((n, l, blank, v) -> n + l + blank + v);
        Arbitrary<String> comment = Combinators.combine(Arbitraries.of("# TYPE ", "# HELP ", "#", "# EOF"), name,
                mostly(Arbitraries.of(" counter", " gauge", " histogram", " help \\ text \\n"),
                        Arbitraries.of(" bogus", ""))).as((keyword, n, rest) -> keyword + n + rest);
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(4, sample), Tuple.of(1, comment)).list().ofMaxSize(8)
                .map(lines -> String.join(lines.size() % 2 == 0 ? "\n" : "\r\n", lines));
        return Combinators.combine(text, Arbitraries.integers().between(0, 1_000), Arbitraries.of('\0', '\\', '"'))
                .as(PrometheusTextParserPropertiesTest::cut);
    }

    private static <T> Arbitrary<T> mostly(Arbitrary<T> right, Arbitrary<T> wrong) {
        return Arbitraries.frequencyOf(Tuple.of(12, right), Tuple.of(1, wrong));
    }

    /** The text up to a point: {@code where} per mille of it, then past the next {@code open} character if any. */
    private static String cut(String text, int where, char open) {
        int at = text.length() * where / 1_000;
        int next = open == 0 ? -1 : text.indexOf(open, at);
        return next < 0 ? text.substring(0, at) : text.substring(0, next + 1);
    }

    /** A real vLLM, SGLang or TGI exposition with 1 to 20 random edits; jqwik's seed replays one. */
    @Provide
    Arbitrary<byte[]> mutatedFixtures() {
        return Arbitraries.integers().between(0, FIXTURES.size() - 1)
                .flatMap(fixture -> Arbitraries.longs().map(seed -> mutate(FIXTURES.get(fixture), seed)));
    }

    private static byte[] mutate(byte[] original, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] body = original;
        int edits = 1 + random.nextInt(20);
        for (int i = 0; i < edits; i++) {
            body = edit(body, random);
        }
        return body.length <= 65_536 ? body : java.util.Arrays.copyOf(body, 65_536);
    }

    private static byte[] edit(byte[] body, SplittableRandom random) {
        int at = body.length == 0 ? 0 : random.nextInt(body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        switch (random.nextInt(5)) {
            case 0 -> { // replace one byte with a structural one, or any byte
                byte[] copy = body.clone();
                if (copy.length > 0) {
                    byte[] structural = "{}\",=\\# \t\n\r.e+-_:0".getBytes(StandardCharsets.US_ASCII);
                    copy[at] = random.nextBoolean() ? structural[random.nextInt(structural.length)]
                            : (byte) random.nextInt(256);
                }
                return copy;
            }
            case 1 -> { // insert a grammar token
                out.write(body, 0, at);
                out.writeBytes(TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
                out.write(body, at, body.length - at);
            }
            case 2 -> { // delete a range
                int to = Math.min(body.length, at + random.nextInt(200));
                out.write(body, 0, at);
                out.write(body, to, body.length - to);
            }
            case 3 -> { // duplicate a range (repeated families, labels, TYPE lines)
                int to = Math.min(body.length, at + random.nextInt(2_000));
                out.write(body, 0, to);
                out.write(body, at, body.length - at);
            }
            default -> { // truncate
                out.write(body, 0, at);
            }
        }
        return out.toByteArray();
    }

    private static void parseBounded(byte[] body) {
        long start = System.nanoTime();
        try {
            MetricFamilies families = PrometheusTextParser.parse(body, body.length);
            assertTrue(families.size() >= 0);
        } catch (MetricsParseException expected) {
            assertTrue(expected.getMessage().startsWith("line " + expected.lineNumber() + ": "), expected.getMessage());
        } catch (RuntimeException | Error e) {
            fail("the parser must throw only MetricsParseException, threw " + e, e);
        }
        long took = System.nanoTime() - start;
        assertTrue(took < BOUND_NANOS, "parsing " + body.length + " bytes took " + took / 1_000_000 + " ms");
    }
}
