package io.llmrouter.domain.validation;

import static io.llmrouter.domain.validation.Docs.headerMatch;
import static io.llmrouter.domain.validation.Docs.route;
import static io.llmrouter.domain.validation.Docs.routeWithLimit;
import static io.llmrouter.domain.validation.Docs.rule;
import static io.llmrouter.domain.validation.Docs.ruleWithMatch;
import static io.llmrouter.domain.validation.Docs.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.route.ModelMatch;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RateLimitSpec;
import io.llmrouter.domain.route.RateLimitSpec.Unit;
import io.llmrouter.domain.route.RouteRule;
import io.llmrouter.domain.route.StringMatch;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.validation.Problem.Severity;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelRouteValidatorTest {

    private static final TargetModel OK = TargetModel.server("s");

    @Test
    void validate_validRoute_returnsNothing() {
        ModelRoute route = route(List.of(ruleWithMatch(headerMatch("user-type", StringMatch.exact("premium"))),
                rule(target("a", null, 70), target("b", null, 30))));
        assertEquals(List.of(), ModelRouteValidator.validate(route));
    }

    @Test
    void validate_loraOnlyRoute_returnsNothing() {
        assertEquals(List.of(), ModelRouteValidator.validate(route("", List.of("lora-A", "lora-B"), List.of(rule(OK)))));
    }

    @Test
    void validate_anyProblem_namesTheDocument() {
        Problem p = ModelRouteValidator.validate(route(List.of())).getFirst();
        assertEquals("ModelRoute default/r", p.document());
    }

    static Stream<Arguments> brokenRoutes() {
        List<String> elevenAdapters = IntStream.range(0, 11).mapToObj(i -> "lora-" + i).toList();
        List<RouteRule> seventeenRules = Collections.nCopies(17, rule(OK));
        TargetModel[] seventeenTargets = Collections.nCopies(17, OK).toArray(TargetModel[]::new);
        return Stream.of(
                Arguments.of("no modelName, no loraAdapters", route("", List.of(), List.of(rule(OK))),
                        Severity.ERROR, "spec.modelName", "spec.loraAdapters"),
                Arguments.of("11 LoRA adapters (max 10)", route("m", elevenAdapters, List.of(rule(OK))),
                        Severity.ERROR, "spec.loraAdapters", "at most 10"),
                Arguments.of("empty LoRA name", route("m", List.of("a", " "), List.of(rule(OK))),
                        Severity.ERROR, "spec.loraAdapters[1]", "is empty"),
                Arguments.of("no rules", route(List.of()), Severity.ERROR, "spec.rules", "is required"),
                Arguments.of("17 rules (max 16)", route(seventeenRules), Severity.ERROR, "spec.rules", "at most 16"),
                Arguments.of("rule without targets", route(rule()), Severity.ERROR,
                        "spec.rules[0].targetModels", "at least one target"),
                Arguments.of("17 targets (max 16)", route(rule(seventeenTargets)), Severity.ERROR,
                        "spec.rules[0].targetModels", "at most 16"),
                Arguments.of("both server and provider", route(rule(target("s", "openai", 100))), Severity.ERROR,
                        "spec.rules[0].targetModels[0]", "exactly one"),
                Arguments.of("neither server nor provider", route(rule(target(null, null, 100))), Severity.ERROR,
                        "spec.rules[0].targetModels[0]", "exactly one"),
                Arguments.of("provider on a LoRA route", route("", List.of("lora-A"),
                                List.of(rule(target(null, "openai", 100)))), Severity.ERROR,
                        "spec.rules[0].targetModels[0].externalModelProviderName", "loraAdapters"),
                Arguments.of("weight 101", route(rule(target("s", null, 101))), Severity.ERROR,
                        "spec.rules[0].targetModels[0].weight", "from 0 to 100"),
                Arguments.of("weight -1", route(rule(target("s", null, -1))), Severity.ERROR,
                        "spec.rules[0].targetModels[0].weight", "from 0 to 100"),
                // 0 + 0 = 0: the webhook's "total weight > 0" rule.
                Arguments.of("weights sum to 0", route(rule(target("a", null, 0), target("b", null, 0))),
                        Severity.ERROR, "spec.rules[0].targetModels", "add up to 0"),
                Arguments.of("header regex does not compile",
                        route(ruleWithMatch(headerMatch("x-tier", StringMatch.regex("(premium")))), Severity.ERROR,
                        "spec.rules[0].modelMatch.headers.x-tier.regex", "does not compile"),
                Arguments.of("uri regex does not compile", route(ruleWithMatch(new ModelMatch(Map.of(),
                                Optional.of(StringMatch.regex("[v1")), Optional.empty()))), Severity.ERROR,
                        "spec.rules[0].modelMatch.uri.regex", "does not compile"),
                Arguments.of("exact and prefix both set",
                        route(ruleWithMatch(headerMatch("x-tier", StringMatch.of("gold", "go", null)))),
                        Severity.WARNING, "spec.rules[0].modelMatch.headers.x-tier", "only exact is used"),
                Arguments.of("prefix and regex both set", route(ruleWithMatch(new ModelMatch(Map.of(),
                                Optional.of(StringMatch.of(null, "/v1", "chat")), Optional.empty()))),
                        Severity.WARNING, "spec.rules[0].modelMatch.uri", "only prefix is used"),
                Arguments.of("empty body.model", route(ruleWithMatch(new ModelMatch(Map.of(), Optional.empty(),
                                Optional.of("")))), Severity.WARNING, "spec.rules[0].modelMatch.body.model", "never matches"),
                Arguments.of("input tokens 0", routeWithLimit(new RateLimitSpec(OptionalInt.of(0), OptionalInt.empty(),
                                Unit.SECOND, Optional.empty())), Severity.ERROR,
                        "spec.rateLimit.inputTokensPerUnit", "at least 1"),
                Arguments.of("output tokens 0", routeWithLimit(new RateLimitSpec(OptionalInt.empty(), OptionalInt.of(0),
                                Unit.MINUTE, Optional.empty())), Severity.ERROR,
                        "spec.rateLimit.outputTokensPerUnit", "at least 1"),
                Arguments.of("rate limit without limits", routeWithLimit(new RateLimitSpec(OptionalInt.empty(),
                                OptionalInt.empty(), Unit.SECOND, Optional.empty())), Severity.WARNING,
                        "spec.rateLimit", "limits nothing"),
                Arguments.of("redis address without port", routeWithLimit(new RateLimitSpec(OptionalInt.of(10),
                                OptionalInt.empty(), Unit.SECOND, Optional.of("redis"))), Severity.ERROR,
                        "spec.rateLimit.global.redis.address", "has no port"),
                Arguments.of("redis address as URL", routeWithLimit(new RateLimitSpec(OptionalInt.of(10),
                                OptionalInt.empty(), Unit.SECOND, Optional.of("redis://redis:6379"))), Severity.ERROR,
                        "spec.rateLimit.global.redis.address", "is a URL"),
                Arguments.of("redis port out of range", routeWithLimit(new RateLimitSpec(OptionalInt.of(10),
                                OptionalInt.empty(), Unit.SECOND, Optional.of("redis:70000"))), Severity.ERROR,
                        "spec.rateLimit.global.redis.address", "1 to 65535"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRoutes")
    void validate_brokenRoute_reportsFieldAndFix(String name, ModelRoute route, Severity severity, String field,
                                                  String fix) {
        List<Problem> problems = ModelRouteValidator.validate(route);
        assertTrue(problems.stream().anyMatch(p -> p.severity() == severity && p.field().equals(field)
                && p.message().contains(fix)), () -> "expected " + severity + " at " + field + " saying '" + fix
                + "', got " + problems);
    }

    @Test
    void validate_globalRedisHostPort_isAccepted() {
        ModelRoute route = routeWithLimit(new RateLimitSpec(OptionalInt.of(30), OptionalInt.empty(), Unit.MINUTE,
                Optional.of("redis-server.kthena-system.svc.cluster.local:6379")));
        assertEquals(List.of(), ModelRouteValidator.validate(route));
    }
}
