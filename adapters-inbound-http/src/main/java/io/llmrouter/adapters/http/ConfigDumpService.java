package io.llmrouter.adapters.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.domain.health.OutlierDetector;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.pd.KvConnector;
import io.llmrouter.domain.pd.PdPods;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.PdGroup;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code /debug/config_dump/*}, Kthena's admin views of the live state: every ModelRoute, every
 * ModelServer with the pods it selects, every pod with its live metrics, and one object by
 * {@code namespaces/{ns}/{kind}/{name}}. Each answer is read from one datastore snapshot, so the
 * three lists are mutually consistent.
 */
public final class ConfigDumpService implements HttpService {

    static final List<String> KINDS = List.of("modelroutes", "modelservers", "pods");

    private final Datastore datastore;
    private final PodMetricsStore metrics;
    private final InFlightCounter inFlight;
    private final Clock clock;
    private final OutlierDetector health;

    public ConfigDumpService(Datastore datastore, PodMetricsStore metrics, InFlightCounter inFlight, Clock clock) {
        this(datastore, metrics, inFlight, clock, OutlierDetector.disabled());
    }

    /** With each pod's passive health in the pod views. */
    public ConfigDumpService(Datastore datastore, PodMetricsStore metrics, InFlightCounter inFlight, Clock clock,
                             OutlierDetector health) {
        this.health = requireNonNull(health, "'health' must not be null");
        this.datastore = requireNonNull(datastore, "'datastore' must not be null");
        this.metrics = requireNonNull(metrics, "'metrics' must not be null");
        this.inFlight = requireNonNull(inFlight, "'inFlight' must not be null");
        this.clock = requireNonNull(clock, "'clock' must not be null");
    }

    @Override
    public void routing(HttpRules rules) {
        for (String kind : KINDS) {
            rules.get("/" + kind, (req, res) -> list(kind, res)).any("/" + kind, OpenAiErrors.only("GET"));
        }
        rules.get("/namespaces/{ns}/{kind}/{name}", this::one)
                .any("/namespaces/{ns}/{kind}/{name}", OpenAiErrors.only("GET"));
    }

    private void list(String kind, ServerResponse res) {
        ResourceSet resources = datastore.snapshot().resources();
        Instant now = clock.instant();
        JsonBodies.send(res, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart(kind);
            for (ResourceId id : ids(kind, resources)) {
                entry(g, kind, id, resources, now);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void one(ServerRequest req, ServerResponse res) {
        var params = req.path().pathParameters();
        String kind = params.get("kind");
        if (!KINDS.contains(kind)) {
            notFound(res, "Unknown kind '" + kind + "'; the config dump knows " + KINDS + ".");
            return;
        }
        ResourceSet resources = datastore.snapshot().resources();
        ResourceId id = new ResourceId(params.get("ns"), params.get("name"));
        if (!ids(kind, resources).contains(id)) {
            notFound(res, "No " + kind + " entry named " + id + ".");
            return;
        }
        Instant now = clock.instant();
        JsonBodies.send(res, 200, g -> entry(g, kind, id, resources, now));
    }

    private static List<ResourceId> ids(String kind, ResourceSet resources) {
        List<ResourceId> ids = switch (kind) {
            case "modelroutes" -> resources.routes().stream().map(ModelRoute::id).toList();
            case "modelservers" -> resources.servers().stream().map(ModelServer::id).toList();
            default -> resources.pods().stream().map(Pod::id).toList();
        };
        return ids.stream().sorted().toList();
    }

    private void entry(JsonGenerator g, String kind, ResourceId id, ResourceSet resources, Instant now)
            throws IOException {
        switch (kind) {
            case "modelroutes" -> route(g, find(resources.routes(), ModelRoute::id, id));
            case "modelservers" -> server(g, find(resources.servers(), ModelServer::id, id), resources.pods());
            default -> {
                Pod pod = find(resources.pods(), Pod::id, id);
                PodJson.write(g, new PodJson.View(pod, selecting(resources.servers(), pod), metrics.entry(id),
                        inFlight.get(id), metrics.maxAge(), now, health.health(id), health.now()));
            }
        }
    }

    private static void route(JsonGenerator g, ModelRoute route) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", route.id().name());
        g.writeStringField("namespace", route.id().namespace());
        g.writeFieldName("spec");
        SpecJson.route(g, route);
        g.writeEndObject();
    }

    /**
     * Kthena's pod lists: every selected pod, then the PD roles as routing classifies them
     * ({@link PdPods}: group label, decode labels checked first), flat and per group, and the pods
     * that fit no group or role with why.
     */
    private static void server(JsonGenerator g, ModelServer server, List<Pod> pods) throws IOException {
        List<Pod> selected = pods.stream().filter(p -> selects(server, p)).sorted(Comparator.comparing(Pod::id)).toList();
        Optional<PdGroup> pd = server.selector().pdGroup();
        PdPods classified = pd.map(p -> PdPods.classify(p, selected)).orElse(PdPods.NONE);
        g.writeStartObject();
        g.writeStringField("name", server.id().name());
        g.writeStringField("namespace", server.id().namespace());
        g.writeFieldName("spec");
        SpecJson.server(g, server);
        names(g, "associatedPods", selected);
        names(g, "readyPods", selected.stream().filter(Pod::ready).toList());
        names(g, "decodePods", classified.decodePods());
        names(g, "prefillPods", classified.groups().values().stream().flatMap(x -> x.prefill().stream()).toList());
        if (pd.isPresent()) {
            g.writeStringField("kvConnector", KvConnector.of(server).wireName());
            g.writeArrayFieldStart("pdGroups");
            for (PdPods.Group group : classified.groups().values()) {
                g.writeStartObject();
                g.writeStringField("group", group.key());
                names(g, "prefillPods", group.prefill());
                names(g, "decodePods", group.decode());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("pdUnusedPods");
            for (PdPods.Unused unused : classified.unused()) {
                g.writeStartObject();
                g.writeStringField("pod", unused.pod().id().name());
                g.writeStringField("reason", unused.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static List<ModelServer> selecting(List<ModelServer> servers, Pod pod) {
        return servers.stream().filter(s -> selects(s, pod)).sorted(Comparator.comparing(ModelServer::id))
                .toList();
    }

    private static boolean selects(ModelServer server, Pod pod) {
        return pod.id().namespace().equals(server.id().namespace()) && server.selector().selects(pod.meta().labels());
    }

    private static List<Pod> withLabels(List<Pod> pods, Map<String, String> labels) {
        return pods.stream().filter(p -> has(p, labels)).toList();
    }

    private static boolean has(Pod pod, Map<String, String> labels) {
        return !labels.isEmpty() && pod.meta().labels().entrySet().containsAll(labels.entrySet());
    }

    private static void names(JsonGenerator g, String field, List<Pod> pods) throws IOException {
        g.writeArrayFieldStart(field);
        for (Pod p : pods) {
            g.writeString(p.id().name());
        }
        g.writeEndArray();
    }

    private static <T> T find(List<T> items, Function<T, ResourceId> id, ResourceId wanted) {
        return items.stream().filter(i -> id.apply(i).equals(wanted)).findFirst().orElseThrow();
    }

    private static void notFound(ServerResponse res, String message) {
        OpenAiErrors.send(res, 404, "invalid_request_error", "not_found", message, Optional.empty());
    }
}
