package io.llmrouter.domain.route;

import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders for the route-matching tests. */
final class RouteFixtures {

    private RouteFixtures() {
    }

    static ObjectMeta meta(String name, long createdEpochSecond) {
        return new ObjectMeta(ResourceId.of("default", name), Map.of(), Instant.ofEpochSecond(createdEpochSecond), "1");
    }

    static ModelRoute route(String name, long created, String model, List<String> loras, RouteRule... rules) {
        return new ModelRoute(meta(name, created), model, loras, List.of(), List.of(rules), Optional.empty());
    }

    static ModelRoute route(String name, long created, String model, RouteRule... rules) {
        return route(name, created, model, List.of(), rules);
    }

    static RouteRule anyTo(String... servers) {
        return new RouteRule("default", Optional.empty(), targets(servers));
    }

    static RouteRule when(ModelMatch match, String... servers) {
        return new RouteRule("matched", Optional.of(match), targets(servers));
    }

    static ModelMatch header(String name, StringMatch match) {
        return new ModelMatch(Map.of(name, match), Optional.empty(), Optional.empty());
    }

    static ModelMatch uri(StringMatch match) {
        return new ModelMatch(Map.of(), Optional.of(match), Optional.empty());
    }

    static ModelMatch bodyModel(String model) {
        return new ModelMatch(Map.of(), Optional.empty(), Optional.of(model));
    }

    static RouteRequest request(String model, Map<String, String> headers, String path) {
        return new RouteRequest(model, HeaderLookup.of(headers), path);
    }

    static RouteRequest request(String model) {
        return request(model, Map.of(), "/v1/chat/completions");
    }

    private static List<TargetModel> targets(String... servers) {
        return java.util.Arrays.stream(servers).map(TargetModel::server).toList();
    }
}
