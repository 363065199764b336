package io.llmrouter.domain.route;

import io.llmrouter.domain.resource.ObjectMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * An immutable index of ModelRoutes by model name and by LoRA adapter name, built once per change
 * and swapped whole, so request threads read it without locks.
 *
 * <p>Matching follows Kthena (reference §b step 8): look the model up by {@code spec.modelName},
 * else by LoRA adapter name; try the routes that claim it oldest first; in each, the first rule
 * whose conditions hold; then a weighted random target. A route whose rules all fail, or whose
 * matching rule has no positive weight, falls through to the next route (not the next rule).
 * Routes bound to a Gateway ({@code parentRefs}) never match: there is no Gateway mode yet.
 */
public final class RouteTable {

    private static final RouteTable EMPTY = new RouteTable(List.of());

    private final List<ModelRoute> routes;
    private final Map<String, List<ModelRoute>> byModel;
    private final Map<String, List<ModelRoute>> byLora;
    private final List<String> servedNames;

    private RouteTable(List<ModelRoute> routes) {
        Comparator<ModelRoute> oldestFirst = Comparator.comparing(ModelRoute::meta, ObjectMeta.OLDEST_FIRST);
        this.routes = routes.stream().sorted(oldestFirst).toList();
        Map<String, List<ModelRoute>> models = new HashMap<>();
        Map<String, List<ModelRoute>> loras = new HashMap<>();
        TreeSet<String> names = new TreeSet<>();
        for (ModelRoute route : this.routes) {
            if (!route.modelName().isEmpty()) {
                models.computeIfAbsent(route.modelName(), k -> new ArrayList<>()).add(route);
                names.add(route.modelName());
            }
            for (String lora : route.loraAdapters()) {
                loras.computeIfAbsent(lora, k -> new ArrayList<>()).add(route);
                names.add(lora);
            }
        }
        this.byModel = freeze(models);
        this.byLora = freeze(loras);
        this.servedNames = List.copyOf(names);
    }

    public static RouteTable empty() {
        return EMPTY;
    }

    public static RouteTable of(List<ModelRoute> routes) {
        return new RouteTable(List.copyOf(routes));
    }

    /** Every route, oldest first. */
    public List<ModelRoute> routes() {
        return routes;
    }

    /** Model names and LoRA adapter names that some route serves, sorted: what {@code /v1/models} lists. */
    public List<String> servedModelNames() {
        return servedNames;
    }

    public RouteResult match(RouteRequest request, RandomGenerator random) {
        List<ModelRoute> candidates = byModel.get(request.model());
        boolean lora = false;
        if (candidates == null) {
            candidates = byLora.get(request.model());
            lora = true;
        }
        if (candidates == null) {
            return new RouteResult.UnknownModel(request.model());
        }
        for (ModelRoute route : candidates) {
            Optional<RouteResult.Matched> matched = matchRoute(route, request, random, lora);
            if (matched.isPresent()) {
                return matched.get();
            }
        }
        return new RouteResult.NoRuleMatched(request.model(), candidates.size());
    }

    private static Optional<RouteResult.Matched> matchRoute(ModelRoute route, RouteRequest request,
                                                            RandomGenerator random, boolean lora) {
        if (route.boundToGateway()) {
            return Optional.empty();
        }
        for (RouteRule rule : route.rules()) {
            if (rule.matches(request)) {
                return WeightedTargets.pick(rule.targets(), random)
                        .map(target -> new RouteResult.Matched(route, rule, target, lora));
            }
        }
        return Optional.empty();
    }

    private static Map<String, List<ModelRoute>> freeze(Map<String, List<ModelRoute>> index) {
        Map<String, List<ModelRoute>> frozen = new HashMap<>();
        index.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return Map.copyOf(frozen);
    }
}
