package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.validation.DocumentKind;
import io.llmrouter.domain.validation.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * CRD fields this router reads and validates but does not act on yet. A document that uses one
 * gets a warning naming the field, at {@code validate}, at every load and so at startup (the load's
 * warnings are logged), so a valid-looking file never silently means less than it says.
 *
 * <p>The one list of such fields: when a feature is built, delete its entry (one line each).
 */
public final class NotYetApplied {

    private record RouteField(String field, Predicate<ModelRoute> used, String consequence) {
    }

    private record ServerField(String field, Predicate<ModelServer> used, String consequence) {
    }

    private static final List<RouteField> ROUTE_FIELDS = List.of();

    private static final List<ServerField> SERVER_FIELDS = List.of(
            new ServerField("spec.workloadPort.protocol", s -> s.workloadPort().protocol().equals("https"),
                    "is https, but this router connects to engines over plain http for now (as Kthena does)"));

    private NotYetApplied() {
    }

    public static List<Problem> warnings(ResourceSet set) {
        List<Problem> problems = new ArrayList<>();
        for (ModelRoute route : set.routes()) {
            ROUTE_FIELDS.stream().filter(f -> f.used().test(route)).forEach(f -> problems.add(Problem.warning(
                    DocumentKind.MODEL_ROUTE.label(route.id()), f.field(), f.consequence())));
        }
        for (ModelServer server : set.servers()) {
            SERVER_FIELDS.stream().filter(f -> f.used().test(server)).forEach(f -> problems.add(Problem.warning(
                    DocumentKind.MODEL_SERVER.label(server.id()), f.field(), f.consequence())));
        }
        return problems;
    }
}
