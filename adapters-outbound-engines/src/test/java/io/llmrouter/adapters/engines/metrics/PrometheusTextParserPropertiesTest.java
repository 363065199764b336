package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import org.junit.jupiter.api.Test;

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

    @Test
    void randomBytes_parseOrMetricsParseException() {
        Property.check("parser on random bytes", 300, randomBytes(),
                PrometheusTextParserPropertiesTest::parseBounded);
    }

    @Test
    void tokenSoup_parseOrMetricsParseException() {
        Property.check("parser on token soup", 300, tokenSoup(),
                text -> parseBounded(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void nearlyValidLinesCutAnywhere_parseOrMetricsParseException() {
        Property.check("parser on nearly valid lines", 300, nearlyValid(),
                text -> parseBounded(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void mutatedEngineExposition_parseOrMetricsParseException() {
        Property.check("parser on mutated expositions", 300, mutatedFixtures(),
                PrometheusTextParserPropertiesTest::parseBounded);
    }

    /** Up to 64 KiB of any bytes; the empty body and the full 64 KiB (the size bounds) are drawn often. */
    private static Gen<byte[]> randomBytes() {
        return Gen.ints(0, 65_536).flatMap(n -> Gen.bytes(n, n));
    }

    private static Gen<String> tokenSoup() {
        return Gen.joined(TOKENS, 0, 2_000);
    }

    /**
     * Lines of the exposition grammar, each piece now and then a wrong one (a bad escape, a missing
     * quote, a stray blank, an odd number), cut at any point, and two times in three just after a
     * backslash or a quote, where an escape or a label value is left open. The parser stops at the
     * first bad line, so wrong pieces are rare: most texts reach their cut.
     */
    private static Gen<String> nearlyValid() {
        Gen<String> name = mostly(Gen.of("vllm:num_requests_running", "x_total", "x_created",
                "h_bucket", "h_count", "h_sum", "a", ":c"), Gen.of("9bad", "", "\"q\"", "{"));
        Gen<String> value = mostly(Gen.of("1", "-0.5", "1e308", "+Inf", "NaN", "1 1700000000000"),
                Gen.of("1e999", "0x10", "1.0d", "", "1 2 3", "1 # {t=\"x\"} 2", "ü"));
        Gen<String> labelValue = mostly(Gen.of("0", "+Inf", "a\\\\b", "say \\\"hi\\\"",
                "two\\nlines", "ü", "", "} , = #"), Gen.of("bad\\x", "\\", "\"")).list(0, 3)
                .map(parts -> String.join("", parts));
        Gen<String> labelName = mostly(Gen.of("le", "engine", "model_name"), Gen.of("0x", "", "\"u\""));
        Gen<String> equals = mostly(Gen.of("=", " = "), Gen.of("", "=="));
        Gen<String> close = mostly(Gen.just("\""), Gen.of("", "\"\""));
        Gen<String> label = r -> labelName.next(r) + equals.next(r) + "\"" + labelValue.next(r) + close.next(r);
        Gen<String> labels = Gen.frequency(1, label.list(0, 4).map(list -> "{" + String.join(",", list) + "}"),
                1, Gen.just(""));
        Gen<String> blank = mostly(Gen.of(" ", "\t"), Gen.of("", "  "));
        Gen<String> sample = r -> name.next(r) + labels.next(r) + blank.next(r) + value.next(r);
        Gen<String> keyword = Gen.of("# TYPE ", "# HELP ", "#", "# EOF");
        Gen<String> rest = mostly(Gen.of(" counter", " gauge", " histogram", " help \\ text \\n"),
                Gen.of(" bogus", ""));
        Gen<String> comment = r -> keyword.next(r) + name.next(r) + rest.next(r);
        Gen<String> text = Gen.<String>frequency(4, sample, 1, comment).list(0, 8)
                .map(lines -> String.join(lines.size() % 2 == 0 ? "\n" : "\r\n", lines));
        Gen<Integer> where = Gen.ints(0, 1_000);
        Gen<Character> open = Gen.of('\0', '\\', '"');
        return r -> cut(text.next(r), where.next(r), open.next(r));
    }

    private static <T> Gen<T> mostly(Gen<T> right, Gen<T> wrong) {
        return Gen.frequency(12, right, 1, wrong);
    }

    /** The text up to a point: {@code where} per mille of it, then past the next {@code open} character if any. */
    private static String cut(String text, int where, char open) {
        int at = text.length() * where / 1_000;
        int next = open == 0 ? -1 : text.indexOf(open, at);
        return next < 0 ? text.substring(0, at) : text.substring(0, next + 1);
    }

    /** A real vLLM, SGLang or TGI exposition with 1 to 20 random edits; the property's seed replays one. */
    private static Gen<byte[]> mutatedFixtures() {
        Gen<Long> seeds = Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE);
        return Gen.ints(0, FIXTURES.size() - 1)
                .flatMap(fixture -> seeds.map(seed -> mutate(FIXTURES.get(fixture), seed)));
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
