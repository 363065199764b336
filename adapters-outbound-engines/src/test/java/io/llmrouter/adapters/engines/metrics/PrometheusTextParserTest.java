package io.llmrouter.adapters.engines.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTextParserTest {

    private static Sample only(String text, String name) throws MetricsParseException {
        List<Sample> samples = PrometheusTextParser.parse(text).samples(name);
        assertEquals(1, samples.size(), "samples named " + name);
        return samples.get(0);
    }

    static Stream<Arguments> escapedLabelValues() {
        return Stream.of(
                Arguments.of("a\\\\b", "a\\b"),
                Arguments.of("say \\\"hi\\\"", "say \"hi\""),
                Arguments.of("two\\nlines", "two\nlines"),
                Arguments.of("\\\\n", "\\n"),          // an escaped backslash, then a plain n
                Arguments.of("} , = #", "} , = #"),    // structure characters are plain inside quotes
                Arguments.of("", ""),
                Arguments.of("ünïcödé", "ünïcödé"));
    }

    @ParameterizedTest
    @MethodSource("escapedLabelValues")
    void parse_escapedLabelValue_unescapes(String written, String expected) throws Exception {
        Sample sample = only("m{v=\"" + written + "\"} 1\n", "m");
        assertEquals(expected, sample.label("v"));
    }

    @Test
    void parse_colonsInNames_keepsFullName() throws Exception {
        MetricFamilies families = PrometheusTextParser.parse("""
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{engine="0",model_name="m"} 3.0
                :leading:colon 1
                """);
        assertEquals(3.0, families.sum("vllm:num_requests_running"));
        assertEquals(Optional.of(MetricType.GAUGE), families.type("vllm:num_requests_running"));
        assertTrue(families.contains(":leading:colon"));
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("+Inf", Double.POSITIVE_INFINITY),
                Arguments.of("Inf", Double.POSITIVE_INFINITY),
                Arguments.of("-Inf", Double.NEGATIVE_INFINITY),
                Arguments.of("+infinity", Double.POSITIVE_INFINITY),
                Arguments.of("NaN", Double.NaN),
                Arguments.of("nan", Double.NaN),
                Arguments.of("1.7409872345e+09", 1.7409872345e9),
                Arguments.of("5e-05", 5e-5),
                Arguments.of("1E3", 1000.0),
                Arguments.of("-0.0", -0.0),
                Arguments.of("42", 42.0),
                Arguments.of(".5", 0.5));
    }

    @ParameterizedTest
    @MethodSource("values")
    void parse_valueSpelling_readsNumber(String written, double expected) throws Exception {
        assertEquals(expected, only("m " + written + "\n", "m").value());
    }

    @Test
    void parse_timestamp_keptAsWritten() throws Exception {
        MetricFamilies families = PrometheusTextParser.parse("""
                with_ts{a="b"} 1.5 1740987234123
                without_ts 2
                """);
        assertEquals(1740987234123.0, families.samples("with_ts").get(0).timestamp());
        assertFalse(families.samples("without_ts").get(0).hasTimestamp());
    }

    @Test
    void parse_createdSamplesOfPrometheusClient_dropped() throws Exception {
        // prometheus_client 0.0.4: the counter's TYPE names x_total, its created time is a gauge x_created.
        MetricFamilies families = PrometheusTextParser.parse("""
                # TYPE vllm:prompt_tokens_total counter
                vllm:prompt_tokens_total{engine="0"} 10.0
                # TYPE vllm:prompt_tokens_created gauge
                vllm:prompt_tokens_created{engine="0"} 1.74e+09
                # TYPE lat histogram
                lat_bucket{le="+Inf"} 1.0
                lat_count 1.0
                lat_sum 0.5
                lat_created 1.74e+09
                """);
        assertFalse(families.contains("vllm:prompt_tokens_created"));
        assertFalse(families.contains("lat_created"));
        assertEquals(10.0, families.sum("vllm:prompt_tokens_total"));
    }

    @Test
    void parse_untypedCreatedNextToCounter_dropped() throws Exception {
        MetricFamilies families = PrometheusTextParser.parse("req_total 3\nreq_created 1.7e9\n");
        assertFalse(families.contains("req_created"));
    }

    @Test
    void parse_gaugeThatEndsInCreated_kept() throws Exception {
        MetricFamilies families = PrometheusTextParser.parse("# TYPE jobs_created gauge\njobs_created 7\n");
        assertEquals(7.0, families.sum("jobs_created"));
    }

    @Test
    void parse_eof_stopsReading() throws Exception {
        MetricFamilies families = PrometheusTextParser.parse("a 1\n# EOF\nthis is not read\n");
        assertEquals(1, families.size());
    }

    @Test
    void parse_blankLinesCommentsCrlfAndBlanks_tolerated() throws Exception {
        MetricFamilies families = PrometheusTextParser.parse(
                "\n# a free comment\r\n  # HELP m Some \\\\ help\\nmore\r\n\t m { a = \"1\" , b=\"2\", }  3 \r\n\n# UNIT m seconds\n");
        Sample sample = families.samples("m").get(0);
        assertEquals(Map.of("a", "1", "b", "2"), sample.labels());
        assertEquals(3.0, sample.value());
        assertEquals(Optional.of("Some \\ help\nmore"), families.help("m"));
    }

    @Test
    void parse_openMetricsExemplar_ignored() throws Exception {
        Sample sample = only("lat_bucket{le=\"0.5\"} 3 # {trace_id=\"abc\"} 0.42 1.7e9\n", "lat_bucket");
        assertEquals(3.0, sample.value());
    }

    @Test
    void parse_noTrailingNewline_readsLastLine() throws Exception {
        assertEquals(2.0, PrometheusTextParser.parse("a 1\nb 2").sum("b"));
    }

    @Test
    void parse_emptyBody_noSamples() throws Exception {
        assertEquals(0, PrometheusTextParser.parse("").size());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("ok 1\nmissing_value\n", 2, "missing value"),
                Arguments.of("ok 1\nok 2\nm{a=\"open} 1\n", 3, "unterminated value of label 'a'"),
                Arguments.of("m{a=\"\\t\"} 1", 1, "invalid escape sequence"),
                Arguments.of("m{a=\"1\",a=\"2\"} 1", 1, "duplicate label 'a'"),
                Arguments.of("m{a} 1", 1, "expected '=' after label name 'a'"),
                Arguments.of("m{a=1} 1", 1, "expected '\"'"),
                Arguments.of("m{a=\"1\" b=\"2\"} 1", 1, "expected ',' or '}'"),
                Arguments.of("m{a=\"1\"", 1, "unterminated label set"),
                Arguments.of("m 1.0d", 1, "value '1.0d' is not a number"),
                Arguments.of("m 0x10", 1, "value '0x10' is not a number"),
                Arguments.of("m 1..2", 1, "value '1..2' is not a number"),
                Arguments.of("m 1 2 3", 1, "unexpected text after the value"),
                Arguments.of("m 1 NaN", 1, "timestamp must be a finite number"),
                Arguments.of("9m 1", 1, "expected a metric name"),
                Arguments.of("{\"my.metric\"} 1", 1, "quoted (UTF-8) metric names are not supported"),
                Arguments.of("m{1a=\"x\"} 1", 1, "expected a label name"),
                Arguments.of("# TYPE m histogramm", 1, "unknown metric type 'histogramm'"),
                Arguments.of("# TYPE m gauge\n# TYPE m counter", 2, "declared gauge before, now counter"),
                Arguments.of("# TYPE m gauge extra", 1, "unexpected text at the end of the line"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void parse_malformedLine_reportsLineAndProblem(String text, int line, String problem) {
        MetricsParseException e = assertThrows(MetricsParseException.class, () -> PrometheusTextParser.parse(text));
        assertEquals(line, e.lineNumber());
        assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"vllm-current-lora-scrape1.prom", "vllm-current-lora-scrape2.prom", "vllm-current-no-lora.prom",
        "vllm-legacy-scrape1.prom", "sglang-scrape1.prom", "tgi-scrape1.prom"})
    void parse_engineFixture_keepsEverySampleButCreated(String fixture) throws Exception {
        String text = Fixtures.text(fixture);
        long sampleLines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && !l.contains("_created")).count();
        assertEquals(sampleLines, Fixtures.parse(fixture).size());
    }

    @Test
    void parse_vllmFixture_histogramBucketsCarryLeAndEngine() throws Exception {
        MetricFamilies families = Fixtures.parse("vllm-current-lora-scrape1.prom");
        List<Sample> inf = families.samples("vllm:time_to_first_token_seconds_bucket", "le", "+Inf");
        assertEquals(2, inf.size());
        assertEquals("0", inf.get(0).label("engine"));
        assertEquals(Optional.of(MetricType.HISTOGRAM), families.type("vllm:time_to_first_token_seconds"));
        // 23 buckets (22 bounds + Inf) per engine.
        assertEquals(46, families.samples("vllm:time_to_first_token_seconds_bucket").size());
    }
}
