package io.llmrouter.domain.validation;

import io.llmrouter.domain.route.ModelMatch;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RateLimitSpec;
import io.llmrouter.domain.route.RouteRule;
import io.llmrouter.domain.route.StringMatch;
import io.llmrouter.domain.route.TargetModel;
import java.util.List;
import java.util.Map;

/**
 * The checks Kthena's ModelRoute CRD schema (OpenAPI + CEL) and its validating webhook make, on one
 * document. Cross-document checks (missing ModelServers, duplicates) live in {@link ResourceSetValidator}.
 */
public final class ModelRouteValidator {

    private ModelRouteValidator() {
    }

    public static List<Problem> validate(ModelRoute route) {
        Problems problems = new Problems(DocumentKind.MODEL_ROUTE.label(route.id()));
        checkNames(route, problems);
        checkRules(route, problems);
        route.rateLimit().ifPresent(limit -> RateLimitChecks.check(limit, problems));
        return problems.list();
    }

    private static void checkNames(ModelRoute route, Problems problems) {
        if (route.modelName().isBlank() && route.loraAdapters().isEmpty()) {
            problems.error("spec.modelName", "neither spec.modelName nor spec.loraAdapters is set, so no request can"
                    + " match; set spec.modelName to the model clients send, or list LoRA names in spec.loraAdapters");
        }
        if (route.loraAdapters().size() > ModelRoute.MAX_LORA_ADAPTERS) {
            problems.error("spec.loraAdapters", "has " + route.loraAdapters().size() + " entries, at most "
                    + ModelRoute.MAX_LORA_ADAPTERS + " are allowed; split the adapters over several ModelRoutes");
        }
        for (int i = 0; i < route.loraAdapters().size(); i++) {
            if (route.loraAdapters().get(i).isBlank()) {
                problems.error("spec.loraAdapters[" + i + "]", "is empty; write the LoRA adapter name or remove the entry");
            }
        }
    }

    private static void checkRules(ModelRoute route, Problems problems) {
        if (route.rules().isEmpty()) {
            problems.error("spec.rules", "is required; add at least one rule with targetModels, e.g."
                    + " rules: [{name: default, targetModels: [{modelServerName: my-server}]}]");
        }
        if (route.rules().size() > ModelRoute.MAX_RULES) {
            problems.error("spec.rules", "has " + route.rules().size() + " rules, at most " + ModelRoute.MAX_RULES
                    + " are allowed; merge rules or split the route");
        }
        for (int i = 0; i < route.rules().size(); i++) {
            checkRule(route, route.rules().get(i), "spec.rules[" + i + "]", problems);
        }
    }

    private static void checkRule(ModelRoute route, RouteRule rule, String path, Problems problems) {
        rule.match().ifPresent(match -> checkMatch(match, path + ".modelMatch", problems));
        List<TargetModel> targets = rule.targets();
        if (targets.isEmpty()) {
            problems.error(path + ".targetModels", "is empty; add at least one target, e.g. {modelServerName: my-server}");
        }
        if (targets.size() > RouteRule.MAX_TARGETS) {
            problems.error(path + ".targetModels", "has " + targets.size() + " targets, at most "
                    + RouteRule.MAX_TARGETS + " are allowed; remove some targets");
        }
        for (int t = 0; t < targets.size(); t++) {
            checkTarget(route, targets.get(t), path + ".targetModels[" + t + "]", problems);
        }
        if (!targets.isEmpty() && targets.stream().allMatch(t -> t.weight() >= 0) && rule.totalWeight() <= 0) {
            problems.error(path + ".targetModels", "weights add up to 0, so this rule can never pick a target;"
                    + " give at least one target a weight above 0 (leave weight out for the default "
                    + TargetModel.DEFAULT_WEIGHT + ")");
        }
    }

    private static void checkTarget(ModelRoute route, TargetModel target, String path, Problems problems) {
        boolean server = target.modelServerName().filter(s -> !s.isBlank()).isPresent();
        boolean external = target.externalModelProviderName().filter(s -> !s.isBlank()).isPresent();
        if (server == external) {
            problems.error(path, (server ? "sets both modelServerName and externalModelProviderName"
                    : "sets neither modelServerName nor externalModelProviderName")
                    + "; set exactly one of them");
        }
        if (external && !route.loraAdapters().isEmpty()) {
            problems.error(path + ".externalModelProviderName", "is not allowed on a route with spec.loraAdapters;"
                    + " route LoRA adapters to a modelServerName, or move the external provider to a route without"
                    + " loraAdapters");
        }
        if (target.weight() < 0 || target.weight() > TargetModel.MAX_WEIGHT) {
            problems.error(path + ".weight", "is " + target.weight() + "; use a value from 0 to "
                    + TargetModel.MAX_WEIGHT + " (weights are relative: 70 and 30 split traffic 70/30)");
        }
    }

    private static void checkMatch(ModelMatch match, String path, Problems problems) {
        for (Map.Entry<String, StringMatch> header : match.headers().entrySet()) {
            if (header.getKey().isBlank()) {
                problems.error(path + ".headers", "has an empty header name; write the HTTP header to match,"
                        + " e.g. user-type");
            }
            checkStringMatch(header.getValue(), path + ".headers." + header.getKey(), problems);
        }
        match.uri().ifPresent(uri -> checkStringMatch(uri, path + ".uri", problems));
        match.bodyModel().filter(String::isBlank).ifPresent(blank -> problems.warning(path + ".body.model",
                "is empty, but requests without a model are refused before routing, so this rule never matches;"
                        + " write the model name to match or remove body"));
    }

    private static void checkStringMatch(StringMatch m, String path, Problems problems) {
        m.regexError().ifPresent(error -> problems.error(path + ".regex", "does not compile: " + error
                + "; fix the pattern (it is searched unanchored, like Go's regexp.MatchString)"));
        if (m.kindsSet() > 1) {
            problems.warning(path, "sets more than one of exact, prefix and regex; only "
                    + (m.exactValue().isPresent() ? "exact" : "prefix") + " is used (precedence exact > prefix > regex);"
                    + " keep just one");
        }
    }

    /** The {@code spec.rateLimit} checks, kept together because they mirror one CRD sub-schema. */
    private static final class RateLimitChecks {

        static void check(RateLimitSpec limit, Problems problems) {
            checkTokens(limit.inputTokensPerUnit(), "spec.rateLimit.inputTokensPerUnit", problems);
            checkTokens(limit.outputTokensPerUnit(), "spec.rateLimit.outputTokensPerUnit", problems);
            if (limit.inputTokensPerUnit().isEmpty() && limit.outputTokensPerUnit().isEmpty()) {
                problems.warning("spec.rateLimit", "limits nothing; set inputTokensPerUnit and/or outputTokensPerUnit,"
                        + " or remove rateLimit");
            }
            limit.globalRedisAddress().ifPresent(address -> HostPort.problemRequiringPort(address).ifPresent(
                    p -> problems.error("spec.rateLimit.global.redis.address", p)));
        }

        private static void checkTokens(java.util.OptionalInt tokens, String field, Problems problems) {
            if (tokens.isPresent() && tokens.getAsInt() < 1) {
                problems.error(field, "is " + tokens.getAsInt() + "; it must be at least 1 (tokens per "
                        + "unit); remove it to leave this direction unlimited");
            }
        }
    }
}
