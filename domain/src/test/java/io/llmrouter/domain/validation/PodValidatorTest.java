package io.llmrouter.domain.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.validation.Problem.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodValidatorTest {

    @Test
    void validate_validEndpoint_returnsNothing() {
        assertEquals(List.of(), PodValidator.validate(Docs.pod("gpu-1", Map.of("app", "s")), DocumentKind.STATIC_ENDPOINT));
    }

    @Test
    void validate_ipv6Host_returnsNothing() {
        assertEquals(List.of(), PodValidator.validate(pod("fd00::1", OptionalInt.of(8000), Map.of("app", "s")),
                DocumentKind.POD));
    }

    static Stream<Arguments> brokenEndpoints() {
        return Stream.of(
                Arguments.of("empty address", pod(" ", OptionalInt.empty(), Map.of("a", "b")), Severity.ERROR,
                        "spec.address", "host:port"),
                Arguments.of("URL as address", pod("http://10.0.0.5", OptionalInt.empty(), Map.of("a", "b")),
                        Severity.ERROR, "spec.address", "without scheme"),
                Arguments.of("port 0", pod("10.0.0.5", OptionalInt.of(0), Map.of("a", "b")), Severity.ERROR,
                        "spec.address", "1 to 65535"),
                Arguments.of("no labels", pod("10.0.0.5", OptionalInt.empty(), Map.of()), Severity.WARNING,
                        "metadata.labels", "no ModelServer can select"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEndpoints")
    void validate_brokenEndpoint_reportsFieldAndFix(String name, Pod pod, Severity severity, String field, String fix) {
        List<Problem> problems = PodValidator.validate(pod, DocumentKind.STATIC_ENDPOINT);
        assertTrue(problems.stream().anyMatch(p -> p.severity() == severity && p.field().equals(field)
                && p.message().contains(fix) && p.document().equals("StaticEndpoint default/e")),
                () -> "expected " + severity + " at " + field + " saying '" + fix + "', got " + problems);
    }

    private static Pod pod(String address, OptionalInt port, Map<String, String> labels) {
        return new Pod(new ObjectMeta(ResourceId.of("default", "e"), labels, Instant.EPOCH, ""), address, port, true);
    }
}
