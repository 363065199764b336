package io.llmrouter.domain.route;

import static io.llmrouter.domain.route.RouteFixtures.anyTo;
import static io.llmrouter.domain.route.RouteFixtures.bodyModel;
import static io.llmrouter.domain.route.RouteFixtures.header;
import static io.llmrouter.domain.route.RouteFixtures.request;
import static io.llmrouter.domain.route.RouteFixtures.route;
import static io.llmrouter.domain.route.RouteFixtures.uri;
import static io.llmrouter.domain.route.RouteFixtures.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RouteTableTest {

    private final SplittableRandom random = new SplittableRandom(7);

    /** The Kthena blog's premium/default example. */
    private final RouteTable premium = RouteTable.of(List.of(route("deepseek-multi-models", 1, "deepseek-r1",
            when(header("user-type", StringMatch.exact("premium")), "deepseek-r1-7b"),
            anyTo("deepseek-r1-1-5b"))));

    static Stream<Arguments> premiumCases() {
        return Stream.of(
                Arguments.of(Map.of("user-type", "premium"), "deepseek-r1-7b"),
                Arguments.of(Map.of("User-Type", "premium"), "deepseek-r1-7b"), // header names are case-insensitive
                Arguments.of(Map.of("user-type", "basic"), "deepseek-r1-1-5b"),
                Arguments.of(Map.of(), "deepseek-r1-1-5b"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("premiumCases")
    void match_headerRule_firstMatchingRuleWins(Map<String, String> headers, String expectedServer) {
        RouteResult result = premium.match(request("deepseek-r1", headers, "/v1/chat/completions"), random);
        assertEquals(Optional.of(expectedServer), matched(result).target().modelServerName());
    }

    @Test
    void match_uriPrefixRule_usesPathOnly() {
        RouteTable table = RouteTable.of(List.of(route("r", 1, "m",
                when(uri(StringMatch.prefix("/v1/chat")), "chat-server"), anyTo("other"))));
        assertEquals("chat-server", server(table.match(request("m", Map.of(), "/v1/chat/completions"), random)));
        assertEquals("other", server(table.match(request("m", Map.of(), "/v1/completions"), random)));
    }

    @Test
    void match_uriRegexRule_isUnanchoredSearch() {
        RouteTable table = RouteTable.of(List.of(route("r", 1, "m",
                when(uri(StringMatch.regex("comp")), "comp"), anyTo("other"))));
        assertEquals("comp", server(table.match(request("m", Map.of(), "/v1/chat/completions"), random)));
    }

    @Test
    void match_bodyModelRule_comparesRequestModelExactly() {
        RouteTable table = RouteTable.of(List.of(route("r", 1, "", List.of("lora-a", "lora-b"),
                when(bodyModel("lora-a"), "a-server"), anyTo("b-server"))));
        assertEquals("a-server", server(table.match(request("lora-a"), random)));
        assertEquals("b-server", server(table.match(request("lora-b"), random)));
    }

    @Test
    void match_loraName_isFoundByAdapterAndFlaggedAsLora() {
        RouteTable table = RouteTable.of(List.of(route("base", 1, "qwen", List.of("sql-lora"), anyTo("srv"))));
        assertFalse(matched(table.match(request("qwen"), random)).lora());
        assertTrue(matched(table.match(request("sql-lora"), random)).lora());
    }

    @Test
    void match_modelNameBeatsLoraName_whenBothClaimTheSameName() {
        RouteTable table = RouteTable.of(List.of(
                route("lora-route", 1, "base", List.of("x"), anyTo("lora-srv")),
                route("model-route", 2, "x", anyTo("model-srv"))));
        assertEquals("model-srv", server(table.match(request("x"), random)));
    }

    @Test
    void match_duplicateModel_oldestRouteWins() {
        RouteTable table = RouteTable.of(List.of(
                route("newer", 200, "m", anyTo("newer-srv")),
                route("older", 100, "m", anyTo("older-srv"))));
        assertEquals("older-srv", server(table.match(request("m"), random)));
        assertEquals("older", table.routes().get(0).meta().name());
    }

    @Test
    void match_oldestRouteHasNoMatchingRule_fallsThroughToNextRoute() {
        RouteTable table = RouteTable.of(List.of(
                route("older", 100, "m", when(header("x-tier", StringMatch.exact("gold")), "gold-srv")),
                route("newer", 200, "m", anyTo("fallback-srv"))));
        assertEquals("gold-srv", server(table.match(request("m", Map.of("x-tier", "gold"), "/v1/completions"), random)));
        assertEquals("fallback-srv", server(table.match(request("m"), random)));
    }

    @Test
    void match_ruleWithZeroTotalWeight_fallsThroughToNextRouteNotNextRule() {
        RouteRule zero = new RouteRule("zero", Optional.empty(), List.of(TargetModel.server("dead", 0)));
        RouteTable table = RouteTable.of(List.of(
                route("older", 100, "m", zero, anyTo("same-route-next-rule")),
                route("newer", 200, "m", anyTo("next-route"))));
        assertEquals("next-route", server(table.match(request("m"), random)));
    }

    @Test
    void match_unknownModel_saysUnknown() {
        assertInstanceOf(RouteResult.UnknownModel.class, premium.match(request("gpt-4"), random));
    }

    @Test
    void match_noRuleMatchesInAnyRoute_saysNoRuleMatched() {
        RouteTable table = RouteTable.of(List.of(route("r", 1, "m", when(header("a", StringMatch.exact("b")), "s"))));
        RouteResult.NoRuleMatched none = assertInstanceOf(RouteResult.NoRuleMatched.class, table.match(request("m"), random));
        assertEquals(1, none.routesTried());
    }

    @Test
    void match_routeBoundToGateway_neverMatchesWithoutGatewayMode() {
        ModelRoute bound = new ModelRoute(RouteFixtures.meta("gw", 1), "m", List.of(),
                List.of(new ParentRef(ParentRef.DEFAULT_GROUP, ParentRef.DEFAULT_KIND, Optional.empty(), "gw",
                        Optional.empty(), java.util.OptionalInt.empty())),
                List.of(anyTo("s")), Optional.empty());
        assertInstanceOf(RouteResult.NoRuleMatched.class, RouteTable.of(List.of(bound)).match(request("m"), random));
    }

    @Test
    void servedModelNames_listsModelsAndLorasSortedOnce() {
        RouteTable table = RouteTable.of(List.of(
                route("a", 1, "zeta", List.of("lora-1"), anyTo("s")),
                route("b", 2, "alpha", List.of("lora-1"), anyTo("s"))));
        assertEquals(List.of("alpha", "lora-1", "zeta"), table.servedModelNames());
    }

    private static RouteResult.Matched matched(RouteResult result) {
        return assertInstanceOf(RouteResult.Matched.class, result);
    }

    private static String server(RouteResult result) {
        return matched(result).target().modelServerName().orElseThrow();
    }
}
