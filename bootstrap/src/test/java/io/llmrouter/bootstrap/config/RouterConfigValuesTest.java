package io.llmrouter.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad values in the router config file: each one is a {@link ConfigException} naming the key and
 * what is allowed, read once at startup, never a raw exception from the parsing underneath.
 */
class RouterConfigValuesTest {

    private static final String ALLOWED =
            " must be a duration from 1ms to 596h such as 500ms, 3s or 1m30s (units: ns, us, ms, s, m, h), was '";

    /** Every duration key, as section and key. */
    private static final List<String[]> DURATION_KEYS = List.of(
            new String[] {"datastore", "pollInterval"}, new String[] {"upstream", "connectTimeout"},
            new String[] {"upstream", "idleTimeout"}, new String[] {"engineMetrics", "scrapeInterval"},
            new String[] {"engineMetrics", "scrapeTimeout"}, new String[] {"engineMetrics", "maxAge"});

    @TempDir
    Path dir;

    /** Before: "1.5ns" crashed with ArithmeticException "Rounding necessary", "9999999999h" with "Overflow". */
    static Stream<Arguments> badDurations() {
        List<String> values = List.of("1.5ns", "9999999999h", "2562047h47m16.854775808s", "597h", "-5s", "0", "0s",
                "999us", "soon", "30", "1e3s", "");
        return DURATION_KEYS.stream().flatMap(key -> values.stream().map(v -> Arguments.of(key[0], key[1], v)));
    }

    @ParameterizedTest(name = "{0}.{1}: \"{2}\"")
    @MethodSource("badDurations")
    void load_badDuration_configExceptionNamingKeyAndAllowedForm(String section, String key, String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(section + ":\n  " + key + ": \"" + value + "\"\n"));
        assertEquals(section + "." + key + ALLOWED + value + "'", e.getMessage());
    }

    static Stream<Arguments> nonScalars() {
        return DURATION_KEYS.stream().flatMap(key -> Stream.of(Arguments.of(key[0], key[1], "[1s]", "a list"),
                Arguments.of(key[0], key[1], "{seconds: 1}", "a map")));
    }

    @ParameterizedTest(name = "{0}.{1}: {2}")
    @MethodSource("nonScalars")
    void load_listOrMapForADuration_configExceptionNamingKey(String section, String key, String value, String was) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(section + ":\n  " + key + ": " + value + "\n"));
        assertTrue(e.getMessage().startsWith(section + "." + key + " must be a duration from 1ms to 596h")
                && e.getMessage().endsWith("was " + was), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1ms", "596h", "1m30s", "2.5s", "1000000ns"})
    void load_durationWithinRange_read(String value) throws IOException {
        RouterConfig config = load("upstream:\n  idleTimeout: " + value + "\n");
        assertEquals(io.llmrouter.adapters.k8s.manifest.GoDuration.parse(value), config.upstream().idleTimeout());
    }

    @Test
    void defaults_scrapeBoundedToTwoSecondsAndFourMib() {
        EngineMetricsConfig em = RouterConfigLoader.defaults().engineMetrics();
        assertEquals(Duration.ofSeconds(2), em.scrapeTimeout());
        assertEquals(4 * 1024 * 1024, em.maxScrapeBytes());
    }

    @Test
    void load_maxScrapeBytes_read() throws IOException {
        assertEquals(65536, load("engineMetrics:\n  maxScrapeBytes: 65536\n").engineMetrics().maxScrapeBytes());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-1", "4MiB", "99999999999", "[1]"})
    void load_badMaxScrapeBytes_configExceptionNamingKey(String value) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("engineMetrics:\n  maxScrapeBytes: " + value + "\n"));
        assertTrue(e.getMessage().startsWith("engineMetrics.maxScrapeBytes must be "), e.getMessage());
    }

    /** Before: a raw ConfigMappingException, or (decisionHeader: maybe) a silent false. */
    static Stream<Arguments> otherBadValues() {
        return Stream.of(
                Arguments.of("limits: {maxRequestBodyBytes: abc}", "limits.maxRequestBodyBytes must be a number of bytes"),
                Arguments.of("limits: {maxRequestBodyBytes: 0}", "limits.maxRequestBodyBytes must be a number of bytes"),
                Arguments.of("debug: {decisionHeader: maybe}", "debug.decisionHeader must be true or false, was 'maybe'"),
                Arguments.of("accessLog: {enabled: [true]}", "accessLog.enabled must be true or false, was a list"),
                Arguments.of("listeners: {inference: {port: {n: 1}}}", "listeners.inference.port must be an integer, was a map"),
                Arguments.of("scheduler: {pluginConfig: x}", "scheduler.pluginConfig must be a list"),
                Arguments.of("scheduler: {plugins: {Score: {enabled: [{name: random, weight: x}]}}}",
                        "scheduler.plugins.Score.enabled[0].weight must be a number >= 0, was 'x'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherBadValues")
    void load_otherBadValue_configExceptionNamingKey(String yaml, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml + "\n"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    /** Any text as a duration value: read, or the one message; never another exception. */
    @Test
    void duration_anyText_readOrConfigException() {
        Property.check("config duration any text", 300, durationLike(), RouterConfigValuesTest::readOrConfigException);
    }

    private static void readOrConfigException(String text) {
        Config node = Config.just(ConfigSources.create(Map.of("k", text))).get("k");
        try {
            Duration d = RouterConfigLoader.duration(node, "upstream.idleTimeout", "300s");
            assertTrue(d.compareTo(Duration.ofMillis(1)) >= 0 && d.compareTo(Duration.ofHours(596)) <= 0, d.toString());
        } catch (ConfigException e) {
            assertEquals("upstream.idleTimeout" + ALLOWED + text + "'", e.getMessage());
        } catch (RuntimeException e) {
            fail("not a ConfigException: " + e, e);
        }
    }

    /** Digits, units and a few any-character runs joined in any order; the empty text is one of them. */
    private static Gen<String> durationLike() {
        Gen<String> piece = Gen.oneOf(Gen.strings("0123456789", 0, 20),
                Gen.of(".", "-", "+", "ns", "us", "µs", "ms", "s", "m", "h", "d", "1.5", "596", "0"),
                Gen.anyStrings(0, 3));
        return Gen.frequency(1, Gen.just(""), 19, piece.list(0, 6).map(pieces -> String.join("", pieces)));
    }

    private RouterConfig load(String yaml) throws IOException {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, yaml);
        return RouterConfigLoader.load(file);
    }
}
