package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.domain.route.ModelMatch;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.ParentRef;
import io.llmrouter.domain.route.RateLimitSpec;
import io.llmrouter.domain.route.RouteRule;
import io.llmrouter.domain.route.StringMatch;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.PdGroup;
import io.llmrouter.domain.server.TrafficPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Renders a ModelRoute's or ModelServer's {@code spec} from the domain records in the CRD's own field
 * names, so {@code /debug/config_dump} reads like the document that was applied. Absent optional
 * fields are left out, as Kubernetes' {@code omitempty} does; defaults the router filled in (weight
 * 100, retry policy) are shown, since this is the effective spec.
 */
final class SpecJson {

    private SpecJson() {
    }

    static void route(JsonGenerator g, ModelRoute route) throws IOException {
        g.writeStartObject();
        if (!route.modelName().isEmpty()) {
            g.writeStringField("modelName", route.modelName());
        }
        if (!route.loraAdapters().isEmpty()) {
            g.writeArrayFieldStart("loraAdapters");
            for (String lora : route.loraAdapters()) {
                g.writeString(lora);
            }
            g.writeEndArray();
        }
        if (!route.parentRefs().isEmpty()) {
            g.writeArrayFieldStart("parentRefs");
            for (ParentRef ref : route.parentRefs()) {
                parentRef(g, ref);
            }
            g.writeEndArray();
        }
        g.writeArrayFieldStart("rules");
        for (RouteRule rule : route.rules()) {
            rule(g, rule);
        }
        g.writeEndArray();
        if (route.rateLimit().isPresent()) {
            rateLimit(g, route.rateLimit().get());
        }
        g.writeEndObject();
    }

    private static void parentRef(JsonGenerator g, ParentRef ref) throws IOException {
        g.writeStartObject();
        g.writeStringField("group", ref.group());
        g.writeStringField("kind", ref.kind());
        optional(g, "namespace", ref.namespace());
        g.writeStringField("name", ref.name());
        optional(g, "sectionName", ref.sectionName());
        if (ref.port().isPresent()) {
            g.writeNumberField("port", ref.port().getAsInt());
        }
        g.writeEndObject();
    }

    private static void rule(JsonGenerator g, RouteRule rule) throws IOException {
        g.writeStartObject();
        if (!rule.name().isEmpty()) {
            g.writeStringField("name", rule.name());
        }
        if (rule.match().isPresent()) {
            modelMatch(g, rule.match().get());
        }
        g.writeArrayFieldStart("targetModels");
        for (TargetModel target : rule.targets()) {
            g.writeStartObject();
            optional(g, "modelServerName", target.modelServerName());
            optional(g, "externalModelProviderName", target.externalModelProviderName());
            g.writeNumberField("weight", target.weight());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void modelMatch(JsonGenerator g, ModelMatch match) throws IOException {
        g.writeObjectFieldStart("modelMatch");
        if (!match.headers().isEmpty()) {
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, StringMatch> h : new TreeMap<>(match.headers()).entrySet()) {
                g.writeFieldName(h.getKey());
                stringMatch(g, h.getValue());
            }
            g.writeEndObject();
        }
        if (match.uri().isPresent()) {
            g.writeFieldName("uri");
            stringMatch(g, match.uri().get());
        }
        if (match.bodyModel().isPresent()) {
            g.writeObjectFieldStart("body");
            g.writeStringField("model", match.bodyModel().get());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void stringMatch(JsonGenerator g, StringMatch match) throws IOException {
        g.writeStartObject();
        optional(g, "exact", match.exactValue());
        optional(g, "prefix", match.prefixValue());
        optional(g, "regex", match.regexValue());
        g.writeEndObject();
    }

    private static void rateLimit(JsonGenerator g, RateLimitSpec limit) throws IOException {
        g.writeObjectFieldStart("rateLimit");
        if (limit.inputTokensPerUnit().isPresent()) {
            g.writeNumberField("inputTokensPerUnit", limit.inputTokensPerUnit().getAsInt());
        }
        if (limit.outputTokensPerUnit().isPresent()) {
            g.writeNumberField("outputTokensPerUnit", limit.outputTokensPerUnit().getAsInt());
        }
        g.writeStringField("unit", limit.unit().crdName());
        if (limit.globalRedisAddress().isPresent()) {
            g.writeObjectFieldStart("global");
            g.writeObjectFieldStart("redis");
            g.writeStringField("address", limit.globalRedisAddress().get());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static void server(JsonGenerator g, ModelServer server) throws IOException {
        g.writeStartObject();
        optional(g, "model", server.model());
        g.writeStringField("inferenceEngine", server.engine().crdName());
        g.writeObjectFieldStart("workloadSelector");
        labels(g, "matchLabels", server.selector().matchLabels());
        if (server.selector().pdGroup().isPresent()) {
            PdGroup pd = server.selector().pdGroup().get();
            g.writeObjectFieldStart("pdGroup");
            g.writeStringField("groupKey", pd.groupKey());
            labels(g, "prefillLabels", pd.prefillLabels());
            labels(g, "decodeLabels", pd.decodeLabels());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("workloadPort");
        g.writeNumberField("port", server.workloadPort().port());
        g.writeStringField("protocol", server.workloadPort().protocol());
        g.writeEndObject();
        trafficPolicy(g, server.trafficPolicy());
        if (server.kvConnector().isPresent()) {
            g.writeObjectFieldStart("kvConnector");
            g.writeStringField("type", server.kvConnector().get().crdName());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void trafficPolicy(JsonGenerator g, TrafficPolicy policy) throws IOException {
        g.writeObjectFieldStart("trafficPolicy");
        if (policy.timeout().isPresent()) {
            g.writeStringField("timeout", goDuration(policy.timeout().get()));
        }
        g.writeObjectFieldStart("retry");
        g.writeNumberField("attempts", policy.retry().attempts());
        g.writeStringField("retryInterval", goDuration(policy.retry().interval()));
        g.writeEndObject();
        g.writeEndObject();
    }

    static void labels(JsonGenerator g, String field, Map<String, String> labels) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void optional(JsonGenerator g, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(field, value.get());
        }
    }

    /** Go's spelling of a duration ({@code 0s}, {@code 100ms}, {@code 1m30s}), as the CRD's fields are written. */
    static String goDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        // Go writes hours and minutes once a larger unit is present: 1h0m0s, 1m30s, 1.5s.
        StringBuilder out = new StringBuilder();
        if (d.toHours() > 0) {
            out.append(d.toHours()).append('h');
        }
        if (d.toHours() > 0 || d.toMinutesPart() > 0) {
            out.append(d.toMinutesPart()).append('m');
        }
        out.append(d.toSecondsPart());
        if (d.toMillisPart() > 0) {
            out.append('.').append(String.format(java.util.Locale.ROOT, "%03d", d.toMillisPart()).replaceAll("0+$", ""));
        }
        out.append('s');
        return out.toString();
    }
}
