package io.llmrouter.adapters.k8s.manifest;

import static io.llmrouter.adapters.k8s.manifest.TestManifests.API;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.assertProblem;
import static io.llmrouter.adapters.k8s.manifest.TestManifests.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.domain.server.ModelServer;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Durations in manifests ({@link Scalars#duration}): every bad one is a problem at its file, line and
 * field that ends with how to write one, never an exception and never a wrong reason.
 */
class ManifestDurationsTest {

    private static final String SERVER = API + "kind: ModelServer\nmetadata: {name: s}\nspec:\n"
            + "  inferenceEngine: vLLM\n  workloadSelector: {matchLabels: {app: s}}\n  workloadPort: {port: 8000}\n";

    static Stream<Arguments> badDurations() {
        return Stream.of(
                // Before: "'1.5ns' is too long a duration".
                Arguments.of("1.5ns", "'1.5ns' has a fraction of a nanosecond"),
                Arguments.of("9999999999h", "'9999999999h' is longer than the largest duration"),
                // Before: accepted, then a negative or wrapped-around socket timeout at request time.
                Arguments.of("-1s", "'-1s' is negative"),
                Arguments.of("9999h", "'9999h' is longer than 596h"),
                Arguments.of("30 seconds", "'30 seconds' is not a duration"));
    }

    @ParameterizedTest(name = "timeout {0}")
    @MethodSource("badDurations")
    void translate_badTimeout_problemAtTheFieldWithTheAllowedForm(String value, String problem) {
        CrdTranslator.Result result = translate(SERVER + "  trafficPolicy: {timeout: \"" + value + "\"}\n");
        assertProblem(result.problems(), true, "spec.trafficPolicy.timeout", "line 8:", problem,
                GoDuration.ALLOWED_FORM);
    }

    @ParameterizedTest(name = "retryInterval {0}")
    @MethodSource("badDurations")
    void translate_badRetryInterval_problemAtTheFieldWithTheAllowedForm(String value, String problem) {
        CrdTranslator.Result result = translate(SERVER + "  trafficPolicy:\n    retry: {attempts: 1, retryInterval: \""
                + value + "\"}\n");
        assertProblem(result.problems(), true, "spec.trafficPolicy.retry.retryInterval", "line 9:", problem,
                GoDuration.ALLOWED_FORM);
    }

    @Test
    void translate_floatTimeout_problemWithTheAllowedForm() {
        CrdTranslator.Result result = translate(SERVER + "  trafficPolicy: {timeout: 1.5}\n");
        assertProblem(result.problems(), true, "spec.trafficPolicy.timeout", "line 8:", GoDuration.ALLOWED_FORM);
    }

    @Test
    void translate_longestWait_accepted() {
        CrdTranslator.Result result = translate(SERVER + "  trafficPolicy: {timeout: 596h}\n");
        ModelServer server = result.resources().servers().getFirst();
        assertEquals(Optional.of(Duration.ofHours(596)), server.trafficPolicy().timeout());
    }
}
