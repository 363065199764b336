package io.llmrouter.adapters.observe.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.application.observe.RequestTimings;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;

/**
 * One JSON object per line with Kthena's field names (empty values left out, durations in ms),
 * plus this router's {@code decision} (scheduling summary), {@code stream} and, for a request that
 * entered a fairness queue, {@code duration_queue_wait} (part of {@code duration_request_processing}).
 */
final class JsonFormat implements AccessLogFormat {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String line(RequestRecord r) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", DateTimeFormatter.ISO_INSTANT.format(r.startedAt()));
            g.writeStringField("method", r.method());
            g.writeStringField("path", r.path());
            g.writeStringField("protocol", r.protocol());
            g.writeNumberField("status_code", r.status());
            if (LogFields.failed(r)) {
                g.writeObjectFieldStart("error");
                g.writeStringField("type", r.errorType().label());
                g.writeStringField("message", r.errorMessage());
                g.writeEndObject();
            }
            routing(g, r);
            numbers(g, r);
            if (r.decision().isPresent()) {
                g.writeStringField("decision", r.decision().get().summary());
            }
            g.writeBooleanField("stream", r.stream());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void routing(JsonGenerator g, RequestRecord r) throws IOException {
        string(g, "model_name", r.model());
        string(g, "model_route", LogFields.name(r.route()));
        string(g, "model_server", LogFields.name(r.server()));
        string(g, "selected_pod", LogFields.name(r.pod()));
        pdLegs(g, r);
        string(g, "request_id", r.requestId());
        if (r.caller().authenticated()) {
            string(g, "tenant", r.caller().tenant());
            string(g, "user", r.caller().user());
        }
        string(g, "backend_type", LogFields.backendType(r));
        string(g, "backend_name", LogFields.name(r.server()));
        string(g, "upstream_model", r.upstreamModel().orElse(""));
        if (r.upstreamStatus() != 0) {
            g.writeNumberField("upstream_status_code", r.upstreamStatus());
        }
        if (!r.attempts().isEmpty()) {
            g.writeNumberField("upstream_attempts", r.attempts().size());
        }
        string(g, "error_origin", LogFields.errorOrigin(r));
    }

    private static void numbers(JsonGenerator g, RequestRecord r) throws IOException {
        if (r.usage().known()) {
            g.writeNumberField("input_tokens", Math.max(0, r.usage().promptTokens()));
            g.writeNumberField("output_tokens", Math.max(0, r.usage().completionTokens()));
        }
        RequestTimings t = r.timings();
        g.writeNumberField("duration_total", LogFields.ms(t.totalNanos()));
        g.writeNumberField("duration_request_processing", LogFields.ms(t.processingNanos()));
        g.writeNumberField("duration_upstream_processing", LogFields.ms(t.upstreamNanos()));
        g.writeNumberField("duration_response_processing", LogFields.ms(t.responseNanos()));
        if (t.queued()) {
            g.writeNumberField("duration_queue_wait", LogFields.ms(t.queueNanos())); // within request_processing
        }
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(name, value);
        }
    }

    /** PD requests: the last prefill and decode legs' pods and durations (ms), Kthena has none of these. */
    private static void pdLegs(JsonGenerator g, io.llmrouter.application.observe.RequestRecord r) throws java.io.IOException {
        for (String role : new String[] {"prefill", "decode", "decode-only"}) {
            for (int i = r.legs().size() - 1; i >= 0; i--) {
                var leg = r.legs().get(i);
                if (leg.role().equals(role)) {
                    String key = role.replace('-', '_');
                    g.writeStringField(key + "_pod", leg.pod().name());
                    g.writeNumberField("duration_" + key, LogFields.ms(leg.nanos()));
                    break;
                }
            }
        }
    }
}
