package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.route.ModelMatch;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.ParentRef;
import io.llmrouter.domain.route.RateLimitSpec;
import io.llmrouter.domain.route.RouteRule;
import io.llmrouter.domain.route.StringMatch;
import io.llmrouter.domain.route.TargetModel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A ModelRoute document's {@code spec} to a {@link ModelRoute}, with the CRD's defaults: target
 * weight 100, rate-limit unit {@code second}, parentRef group and kind. Rules the record can hold
 * (counts, ranges, regexes) are left to the domain validators; this class reports only what cannot
 * be represented (wrong types, unknown enum values, numbers beyond 32 bits).
 */
final class ModelRouteTranslator {

    private static final Set<String> SPEC = Set.of("modelName", "loraAdapters", "parentRefs", "rules", "rateLimit");
    private static final Set<String> RULE = Set.of("name", "modelMatch", "targetModels");
    private static final Set<String> MATCH = Set.of("headers", "uri", "body");
    private static final Set<String> STRING_MATCH = Set.of("exact", "prefix", "regex");
    private static final Set<String> TARGET = Set.of("modelServerName", "externalModelProviderName", "weight");
    private static final Set<String> RATE_LIMIT = Set.of("inputTokensPerUnit", "outputTokensPerUnit", "unit", "global");
    private static final Set<String> PARENT_REF = Set.of("group", "kind", "namespace", "name", "sectionName", "port");

    private ModelRouteTranslator() {
    }

    static ModelRoute translate(ObjectMeta meta, YamlFields spec, DocumentContext ctx) {
        spec.warnUnknown(SPEC);
        List<RouteRule> rules = spec.objects("rules").stream().map(r -> rule(r, ctx)).toList();
        Optional<RateLimitSpec> rateLimit = spec.object("rateLimit").flatMap(r -> rateLimit(r, ctx));
        List<ParentRef> parents = spec.objects("parentRefs").stream().map(p -> parentRef(p, ctx)).toList();
        return new ModelRoute(meta, spec.string("modelName").orElse(""), spec.strings("loraAdapters"), parents,
                rules, rateLimit);
    }

    private static RouteRule rule(YamlFields rule, DocumentContext ctx) {
        rule.warnUnknown(RULE);
        Optional<ModelMatch> match = rule.object("modelMatch").map(m -> match(m, ctx));
        List<TargetModel> targets = rule.objects("targetModels").stream().map(t -> target(t, ctx)).toList();
        return new RouteRule(rule.string("name").orElse(""), match, targets);
    }

    private static ModelMatch match(YamlFields match, DocumentContext ctx) {
        match.warnUnknown(MATCH);
        Map<String, StringMatch> headers = new LinkedHashMap<>();
        match.objectMap("headers").forEach((name, m) -> headers.put(name, stringMatch(m)));
        Optional<String> bodyModel = match.object("body").flatMap(body -> {
            body.warnUnknown(Set.of("model"));
            return body.string("model");
        });
        return new ModelMatch(headers, match.object("uri").map(ModelRouteTranslator::stringMatch), bodyModel);
    }

    private static StringMatch stringMatch(YamlFields m) {
        m.warnUnknown(STRING_MATCH);
        return StringMatch.of(m.string("exact").orElse(null), m.string("prefix").orElse(null),
                m.string("regex").orElse(null));
    }

    private static TargetModel target(YamlFields target, DocumentContext ctx) {
        target.warnUnknown(TARGET);
        int weight = target.int32("weight").orElse(TargetModel.DEFAULT_WEIGHT);
        return new TargetModel(target.string("modelServerName"), target.string("externalModelProviderName"), weight);
    }

    private static Optional<RateLimitSpec> rateLimit(YamlFields limit, DocumentContext ctx) {
        limit.warnUnknown(RATE_LIMIT);
        String unitText = limit.string("unit").orElse(RateLimitSpec.Unit.SECOND.crdName());
        Optional<RateLimitSpec.Unit> unit = RateLimitSpec.Unit.fromCrd(unitText);
        if (unit.isEmpty()) {
            List<String> allowed = Arrays.stream(RateLimitSpec.Unit.values()).map(RateLimitSpec.Unit::crdName).toList();
            ctx.error(limit.raw("unit").orElse(limit.node()), limit.path("unit"), "'" + unitText + "' is not a unit"
                    + Suggestions.didYouMean(unitText, allowed) + "; use one of " + String.join(", ", allowed));
        }
        Optional<String> redis = limit.object("global").flatMap(g -> redisAddress(g, ctx));
        OptionalInt input = limit.optionalInt32("inputTokensPerUnit");
        OptionalInt output = limit.optionalInt32("outputTokensPerUnit");
        return unit.map(u -> new RateLimitSpec(input, output, u, redis));
    }

    private static Optional<String> redisAddress(YamlFields global, DocumentContext ctx) {
        global.warnUnknown(Set.of("redis"));
        Optional<YamlFields> redis = global.object("redis");
        redis.ifPresent(r -> r.warnUnknown(Set.of("address")));
        Optional<String> address = redis.flatMap(r -> r.string("address"));
        if (address.isEmpty()) {
            ctx.error(global.node(), global.path("redis.address"), "is required for a global limit; write"
                    + " global: {redis: {address: redis:6379}}, or remove global for a per-router limit");
        }
        return address;
    }

    private static ParentRef parentRef(YamlFields ref, DocumentContext ctx) {
        ref.warnUnknown(PARENT_REF);
        if (ref.string("name").isEmpty()) {
            ctx.error(ref.node(), ref.path("name"), "is required; name the Gateway to attach to");
        }
        OptionalInt port = ref.optionalInt32("port");
        return new ParentRef(ref.string("group").orElse(ParentRef.DEFAULT_GROUP),
                ref.string("kind").orElse(ParentRef.DEFAULT_KIND), ref.string("namespace"),
                ref.string("name").orElse(""), ref.string("sectionName"), port);
    }
}
