package io.llmrouter.domain.route;

/** The outcome of matching one request against the route table. */
public sealed interface RouteResult {

    /** A route, its rule and the drawn target; {@code lora} when the model matched a LoRA adapter name. */
    record Matched(ModelRoute route, RouteRule rule, TargetModel target, boolean lora) implements RouteResult {
    }

    /** No route names this model or LoRA adapter. */
    record UnknownModel(String model) implements RouteResult {
    }

    /** Routes name the model, but none had a matching rule with a usable target. */
    record NoRuleMatched(String model, int routesTried) implements RouteResult {
    }
}
