package io.llmrouter.domain.validation;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RouteRule;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.PdGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates a whole set: every document on its own, then what only the set can show (duplicates,
 * targets that do not exist, servers without endpoints, features this router does not serve yet).
 * A set is usable when no returned problem {@link Problem#isError() is an error}.
 */
public final class ResourceSetValidator {

    private ResourceSetValidator() {
    }

    /** Validates a set whose endpoints are Kubernetes pods. */
    public static List<Problem> validate(ResourceSet set) {
        return validate(set, DocumentKind.POD);
    }

    /** Validates a set; {@code endpointKind} says how problems name its pods (Pod or StaticEndpoint). */
    public static List<Problem> validate(ResourceSet set, DocumentKind endpointKind) {
        List<Problem> problems = new ArrayList<>();
        set.routes().forEach(r -> problems.addAll(ModelRouteValidator.validate(r)));
        set.servers().forEach(s -> problems.addAll(ModelServerValidator.validate(s)));
        set.pods().forEach(p -> problems.addAll(PodValidator.validate(p, endpointKind)));
        problems.addAll(duplicates(set.routes(), ModelRoute::meta, DocumentKind.MODEL_ROUTE));
        problems.addAll(duplicates(set.servers(), ModelServer::meta, DocumentKind.MODEL_SERVER));
        problems.addAll(duplicates(set.pods(), Pod::meta, endpointKind));
        set.routes().forEach(r -> problems.addAll(RouteReferences.check(r, set.servers())));
        problems.addAll(RouteReferences.sharedModelNames(set.routes()));
        set.servers().forEach(s -> problems.addAll(endpointCoverage(s, set.pods(), endpointKind)));
        return List.copyOf(problems);
    }

    public static boolean hasErrors(List<Problem> problems) {
        return problems.stream().anyMatch(Problem::isError);
    }

    private static <T> List<Problem> duplicates(List<T> docs, Function<T, ObjectMeta> meta, DocumentKind kind) {
        List<Problem> problems = new ArrayList<>();
        Set<ResourceId> seen = new HashSet<>();
        for (T doc : docs) {
            ResourceId id = meta.apply(doc).id();
            if (!seen.add(id)) {
                problems.add(Problem.error(kind.label(id), "metadata.name", "is defined more than once; each "
                        + kind.kindName() + " needs a unique namespace/name, so rename or remove one copy"));
            }
        }
        return problems;
    }

    private static List<Problem> endpointCoverage(ModelServer server, List<Pod> pods, DocumentKind endpointKind) {
        List<Pod> selected = pods.stream()
                .filter(p -> p.id().namespace().equals(server.id().namespace()))
                .filter(p -> server.selector().selects(p.meta().labels()))
                .toList();
        Problems problems = new Problems(DocumentKind.MODEL_SERVER.label(server.id()));
        if (selected.isEmpty() && !server.selector().matchLabels().isEmpty()) {
            problems.warning("spec.workloadSelector.matchLabels", "selects no " + endpointKind.kindName()
                    + " in namespace " + server.id().namespace() + ", so requests to it get 503; label the"
                    + " endpoints with " + server.selector().matchLabels() + " or fix the selector");
        }
        server.selector().pdGroup().filter(pd -> !selected.isEmpty())
                .ifPresent(pd -> checkRoles(pd, selected, endpointKind, problems));
        return problems.list();
    }

    /** Mirrors PD categorisation: decode labels are checked first, and the group label must be present. */
    private static void checkRoles(PdGroup pd, List<Pod> selected, DocumentKind endpointKind, Problems problems) {
        Map<String, Integer> roles = new LinkedHashMap<>(Map.of("decode", 0, "prefill", 0));
        for (Pod pod : selected) {
            Map<String, String> labels = pod.meta().labels();
            if (!labels.containsKey(pd.groupKey())) {
                continue;
            }
            if (!pd.decodeLabels().isEmpty() && labels.entrySet().containsAll(pd.decodeLabels().entrySet())) {
                roles.merge("decode", 1, Integer::sum);
            } else if (!pd.prefillLabels().isEmpty() && labels.entrySet().containsAll(pd.prefillLabels().entrySet())) {
                roles.merge("prefill", 1, Integer::sum);
            }
        }
        roles.forEach((role, count) -> {
            if (count == 0) {
                problems.warning("spec.workloadSelector.pdGroup." + role + "Labels", "matches no selected "
                        + endpointKind.kindName() + " that also has label " + pd.groupKey() + ", so no prefill/decode"
                        + " pair can form; label the " + role + " endpoints accordingly");
            }
        });
    }

    /** Checks of a route against the other documents. */
    private static final class RouteReferences {

        static List<Problem> check(ModelRoute route, List<ModelServer> servers) {
            Problems problems = new Problems(DocumentKind.MODEL_ROUTE.label(route.id()));
            if (route.boundToGateway()) {
                problems.warning("spec.parentRefs", "binds the route to a Gateway, but this router has no Gateway API"
                        + " mode yet, so the route never matches (as in Kthena's default mode); remove parentRefs");
            }
            for (int i = 0; i < route.rules().size(); i++) {
                RouteRule rule = route.rules().get(i);
                for (int t = 0; t < rule.targets().size(); t++) {
                    checkTarget(route, rule.targets().get(t), "spec.rules[" + i + "].targetModels[" + t + "]",
                            servers, problems);
                }
            }
            return problems.list();
        }

        private static void checkTarget(ModelRoute route, TargetModel target, String path, List<ModelServer> servers,
                                        Problems problems) {
            target.modelServerName().filter(n -> !n.isBlank()).ifPresent(name -> {
                ResourceId wanted = new ResourceId(route.id().namespace(), name);
                if (servers.stream().noneMatch(s -> s.id().equals(wanted))) {
                    problems.warning(path + ".modelServerName", "names ModelServer " + wanted + ", which does not"
                            + " exist, so requests routed here get 404; define it in namespace "
                            + wanted.namespace() + " or fix the name");
                }
            });
            target.externalModelProviderName().filter(n -> !n.isBlank()).ifPresent(name -> problems.warning(
                    path + ".externalModelProviderName", "external model providers are not supported by this router"
                            + " yet, so requests routed here get 501; route to a modelServerName instead"));
        }

        /** Kthena tries routes that claim the same name oldest first; say so, because it surprises people. */
        static List<Problem> sharedModelNames(List<ModelRoute> routes) {
            Map<String, List<ModelRoute>> byName = new LinkedHashMap<>();
            routes.stream().filter(r -> !r.modelName().isBlank()).sorted(
                    java.util.Comparator.comparing(ModelRoute::meta, ObjectMeta.OLDEST_FIRST))
                    .forEach(r -> byName.computeIfAbsent(r.modelName(), k -> new ArrayList<>()).add(r));
            List<Problem> problems = new ArrayList<>();
            byName.forEach((name, claimants) -> claimants.stream().skip(1).forEach(later -> problems.add(
                    Problem.warning(DocumentKind.MODEL_ROUTE.label(later.id()), "spec.modelName", "model '" + name
                            + "' is also claimed by ModelRoute " + claimants.get(0).id() + ", which is older (or"
                            + " earlier in the files) and is tried first; this route is used only when no rule"
                            + " there matches. Merge the rules into one route if that is not intended"))));
            return problems;
        }
    }
}
