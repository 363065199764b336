package io.llmrouter.domain.validation;

import static io.llmrouter.domain.validation.Docs.meta;
import static io.llmrouter.domain.validation.Docs.pod;
import static io.llmrouter.domain.validation.Docs.rule;
import static io.llmrouter.domain.validation.Docs.server;
import static io.llmrouter.domain.validation.Docs.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.ParentRef;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.server.PdGroup;
import io.llmrouter.domain.validation.Problem.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ResourceSetValidatorTest {

    private static final Map<String, String> APP = Map.of("app", "s");

    @Test
    void validate_consistentSet_returnsNothing() {
        ResourceSet set = new ResourceSet(List.of(route("r", "m", TargetModel.server("s"))), List.of(server()),
                List.of(pod("gpu-1", APP)));
        assertEquals(List.of(), ResourceSetValidator.validate(set, DocumentKind.STATIC_ENDPOINT));
    }

    @Test
    void validate_duplicateRoute_isAnError() {
        ResourceSet set = new ResourceSet(List.of(route("r", "m", TargetModel.server("s")),
                route("r", "n", TargetModel.server("s"))), List.of(server()), List.of(pod("gpu-1", APP)));
        assertHas(ResourceSetValidator.validate(set), Severity.ERROR, "ModelRoute default/r", "metadata.name",
                "more than once");
    }

    @Test
    void validate_duplicateServerAndEndpoint_areErrors() {
        ResourceSet set = new ResourceSet(List.of(), List.of(server(), server()),
                List.of(pod("gpu-1", APP), pod("gpu-1", APP)));
        List<Problem> problems = ResourceSetValidator.validate(set, DocumentKind.STATIC_ENDPOINT);
        assertHas(problems, Severity.ERROR, "ModelServer default/s", "metadata.name", "more than once");
        assertHas(problems, Severity.ERROR, "StaticEndpoint default/gpu-1", "metadata.name", "more than once");
    }

    @Test
    void validate_sameNameInOtherNamespace_isNoDuplicate() {
        Pod other = new Pod(new ObjectMeta(ResourceId.of("prod", "gpu-1"), APP, Instant.EPOCH, ""), "h",
                OptionalInt.empty(), true);
        ResourceSet set = new ResourceSet(List.of(), List.of(server()), List.of(pod("gpu-1", APP), other));
        assertFalse(ResourceSetValidator.hasErrors(ResourceSetValidator.validate(set)));
    }

    @Test
    void validate_targetServerMissing_warnsOf404() {
        ResourceSet set = new ResourceSet(List.of(route("r", "m", TargetModel.server("nope"))), List.of(server()),
                List.of(pod("gpu-1", APP)));
        assertHas(ResourceSetValidator.validate(set), Severity.WARNING, "ModelRoute default/r",
                "spec.rules[0].targetModels[0].modelServerName", "404");
    }

    @Test
    void validate_targetServerInOtherNamespace_warns() {
        ModelRoute route = new ModelRoute(ObjectMeta.of("prod", "r"), "m", List.of(), List.of(),
                List.of(rule(TargetModel.server("s"))), Optional.empty());
        ResourceSet set = new ResourceSet(List.of(route), List.of(server()), List.of(pod("gpu-1", APP)));
        assertHas(ResourceSetValidator.validate(set), Severity.WARNING, "ModelRoute prod/r",
                "spec.rules[0].targetModels[0].modelServerName", "namespace prod");
    }

    @Test
    void validate_externalProvider_warnsOf501() {
        ResourceSet set = new ResourceSet(List.of(route("r", "m", target(null, "openai", 100))), List.of(), List.of());
        List<Problem> problems = ResourceSetValidator.validate(set);
        assertHas(problems, Severity.WARNING, "ModelRoute default/r",
                "spec.rules[0].targetModels[0].externalModelProviderName", "501");
        assertFalse(ResourceSetValidator.hasErrors(problems));
    }

    @Test
    void validate_parentRefs_warnsRouteNeverMatches() {
        ModelRoute route = new ModelRoute(meta("r"), "m", List.of(), List.of(new ParentRef(ParentRef.DEFAULT_GROUP,
                ParentRef.DEFAULT_KIND, Optional.empty(), "gw", Optional.empty(), OptionalInt.empty())),
                List.of(rule(TargetModel.server("s"))), Optional.empty());
        ResourceSet set = new ResourceSet(List.of(route), List.of(server()), List.of(pod("gpu-1", APP)));
        assertHas(ResourceSetValidator.validate(set), Severity.WARNING, "ModelRoute default/r", "spec.parentRefs",
                "never matches");
    }

    @Test
    void validate_serverSelectsNoEndpoint_warns() {
        ResourceSet set = new ResourceSet(List.of(), List.of(server()), List.of(pod("gpu-1", Map.of("app", "other"))));
        assertHas(ResourceSetValidator.validate(set, DocumentKind.STATIC_ENDPOINT), Severity.WARNING,
                "ModelServer default/s", "spec.workloadSelector.matchLabels", "selects no StaticEndpoint");
    }

    @Test
    void validate_pdServerWithoutPrefillEndpoints_warns() {
        PdGroup pd = new PdGroup("group", Map.of("role", "prefill"), Map.of("role", "decode"));
        Pod decode = pod("d", Map.of("app", "s", "group", "g1", "role", "decode"));
        ResourceSet set = new ResourceSet(List.of(), List.of(Docs.pdServer(pd)), List.of(decode));
        List<Problem> problems = ResourceSetValidator.validate(set);
        assertHas(problems, Severity.WARNING, "ModelServer default/s", "spec.workloadSelector.pdGroup.prefillLabels",
                "no prefill/decode pair");
        assertTrue(problems.stream().noneMatch(p -> p.field().endsWith("decodeLabels")), problems::toString);
    }

    @Test
    void validate_twoRoutesClaimOneModel_warnsWhichIsTriedFirst() {
        ResourceSet set = new ResourceSet(List.of(route("a", "m", TargetModel.server("s")),
                route("b", "m", TargetModel.server("s"))), List.of(server()), List.of(pod("gpu-1", APP)));
        assertHas(ResourceSetValidator.validate(set), Severity.WARNING, "ModelRoute default/b", "spec.modelName",
                "claimed by ModelRoute default/a");
    }

    @Test
    void validate_documentProblems_areIncluded() {
        ResourceSet set = new ResourceSet(List.of(route("r", "m", target("s", null, 500))), List.of(server()),
                List.of(pod("gpu-1", APP)));
        assertTrue(ResourceSetValidator.hasErrors(ResourceSetValidator.validate(set)));
    }

    private static ModelRoute route(String name, String model, TargetModel target) {
        return new ModelRoute(meta(name), model, List.of(), List.of(), List.of(rule(target)), Optional.empty());
    }

    private static void assertHas(List<Problem> problems, Severity severity, String document, String field,
                                  String text) {
        assertTrue(problems.stream().anyMatch(p -> p.severity() == severity && p.document().equals(document)
                && p.field().equals(field) && p.message().contains(text)),
                () -> "expected " + severity + " " + document + " " + field + " '" + text + "' in " + problems);
    }
}
