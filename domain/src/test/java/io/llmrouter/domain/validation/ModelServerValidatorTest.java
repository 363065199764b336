package io.llmrouter.domain.validation;

import static io.llmrouter.domain.validation.Docs.meta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.KvConnectorType;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.PdGroup;
import io.llmrouter.domain.server.RetryPolicy;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import io.llmrouter.domain.validation.Problem.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelServerValidatorTest {

    private static final Map<String, String> APP = Map.of("app", "s");
    private static final Map<String, String> PREFILL = Map.of("role", "prefill");
    private static final Map<String, String> DECODE = Map.of("role", "decode");

    @Test
    void validate_validServer_returnsNothing() {
        assertEquals(List.of(), ModelServerValidator.validate(Docs.server()));
    }

    @Test
    void validate_validPdServerWithConnector_returnsNothing() {
        ModelServer pd = server(Optional.empty(), new WorkloadSelector(APP, Optional.of(new PdGroup("group",
                PREFILL, DECODE))), new WorkloadPort(8000, "http"), TrafficPolicy.DEFAULT, Optional.of(KvConnectorType.NIXL));
        assertEquals(List.of(), ModelServerValidator.validate(pd));
    }

    static Stream<Arguments> brokenServers() {
        WorkloadSelector sel = new WorkloadSelector(APP, Optional.empty());
        WorkloadPort port = new WorkloadPort(8000, "http");
        TrafficPolicy policy = TrafficPolicy.DEFAULT;
        return Stream.of(
                Arguments.of("model of 257 characters", server(Optional.of("m".repeat(257)), sel, port, policy,
                        Optional.empty()), Severity.ERROR, "spec.model", "at most 256"),
                Arguments.of("empty model", server(Optional.of(""), sel, port, policy, Optional.empty()),
                        Severity.ERROR, "spec.model", "remove model"),
                Arguments.of("no matchLabels", server(Optional.empty(), new WorkloadSelector(Map.of(), Optional.empty()),
                        port, policy, Optional.empty()), Severity.ERROR, "spec.workloadSelector.matchLabels",
                        "at least one label"),
                Arguments.of("pdGroup without groupKey", pd(new PdGroup("", PREFILL, DECODE)), Severity.ERROR,
                        "spec.workloadSelector.pdGroup.groupKey", "is required"),
                Arguments.of("pdGroup without prefill labels", pd(new PdGroup("g", Map.of(), DECODE)), Severity.ERROR,
                        "spec.workloadSelector.pdGroup.prefillLabels", "at least one label"),
                Arguments.of("pdGroup without decode labels", pd(new PdGroup("g", PREFILL, Map.of())), Severity.ERROR,
                        "spec.workloadSelector.pdGroup.decodeLabels", "at least one label"),
                Arguments.of("prefill labels shadowed by decode", pd(new PdGroup("g", Map.of("tier", "gpu"),
                        Map.of("tier", "gpu"))), Severity.WARNING, "spec.workloadSelector.pdGroup.prefillLabels",
                        "decode is checked first"),
                Arguments.of("port 0", server(Optional.empty(), sel, new WorkloadPort(0, "http"), policy,
                        Optional.empty()), Severity.ERROR, "spec.workloadPort.port", "1 to 65535"),
                Arguments.of("port 65536", server(Optional.empty(), sel, new WorkloadPort(65536, "http"), policy,
                        Optional.empty()), Severity.ERROR, "spec.workloadPort.port", "1 to 65535"),
                Arguments.of("protocol grpc", server(Optional.empty(), sel, new WorkloadPort(8000, "grpc"), policy,
                        Optional.empty()), Severity.ERROR, "spec.workloadPort.protocol", "use http or https"),
                Arguments.of("timeout 0s", server(Optional.empty(), sel, port, new TrafficPolicy(
                        Optional.of(Duration.ZERO), RetryPolicy.DEFAULT), Optional.empty()), Severity.ERROR,
                        "spec.trafficPolicy.timeout", "positive duration"),
                Arguments.of("negative retry interval", server(Optional.empty(), sel, port, new TrafficPolicy(
                        Optional.empty(), new RetryPolicy(1, Duration.ofMillis(-5))), Optional.empty()), Severity.ERROR,
                        "spec.trafficPolicy.retry.retryInterval", "is negative"),
                Arguments.of("connector without PD", server(Optional.empty(), sel, port, policy,
                        Optional.of(KvConnectorType.LMCACHE)), Severity.WARNING, "spec.kvConnector", "pdGroup"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenServers")
    void validate_brokenServer_reportsFieldAndFix(String name, ModelServer server, Severity severity, String field,
                                                   String fix) {
        List<Problem> problems = ModelServerValidator.validate(server);
        assertTrue(problems.stream().anyMatch(p -> p.severity() == severity && p.field().equals(field)
                && p.message().contains(fix) && p.document().equals("ModelServer default/s")),
                () -> "expected " + severity + " at " + field + " saying '" + fix + "', got " + problems);
    }

    private static ModelServer pd(PdGroup group) {
        return Docs.pdServer(group);
    }

    private static ModelServer server(Optional<String> model, WorkloadSelector selector, WorkloadPort port,
                                      TrafficPolicy policy, Optional<KvConnectorType> connector) {
        return new ModelServer(meta("s"), model, InferenceEngine.SGLANG, selector, port, policy, connector);
    }
}
