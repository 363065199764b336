package io.llmrouter.adapters.observe.accesslog;

import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.application.observe.RequestTimings;
import java.time.format.DateTimeFormatter;

/**
 * Kthena's text layout: {@code [RFC3339Nano] "METHOD PATH PROTOCOL" STATUS [error=type:message]}
 * then {@code key=value} fields (empty ones left out), {@code tokens=in/out} and
 * {@code timings=T ms(request+upstream+response)} exactly as {@code timings=%dms(%d+%d+%d)};
 * this router appends {@code queue_wait=Nms} (the fairness queue's part of the request processing,
 * only for a request that entered one) and {@code decision="…"} (the scheduling summary) after the timings.
 */
final class TextFormat implements AccessLogFormat {

    @Override
    public String line(RequestRecord r) {
        StringBuilder b = new StringBuilder(320);
        b.append('[').append(DateTimeFormatter.ISO_INSTANT.format(r.startedAt())).append("] \"")
                .append(r.method()).append(' ').append(r.path()).append(' ').append(r.protocol()).append("\" ")
                .append(r.status());
        if (LogFields.failed(r)) {
            b.append(" error=").append(r.errorType().label()).append(':').append(LogFields.oneLine(r.errorMessage()));
        }
        field(b, "model_name", r.model());
        field(b, "model_route", LogFields.name(r.route()));
        field(b, "model_server", LogFields.name(r.server()));
        field(b, "selected_pod", LogFields.name(r.pod()));
        field(b, "request_id", r.requestId());
        if (r.caller().authenticated()) {
            field(b, "tenant", LogFields.oneLine(r.caller().tenant()).replace(' ', '_'));
            field(b, "user", LogFields.oneLine(r.caller().user()).replace(' ', '_'));
        }
        field(b, "backend_type", LogFields.backendType(r));
        field(b, "backend_name", LogFields.name(r.server()));
        field(b, "upstream_model", r.upstreamModel().orElse(""));
        field(b, "upstream_status_code", r.upstreamStatus() == 0 ? "" : Integer.toString(r.upstreamStatus()));
        field(b, "upstream_attempts", r.attempts().isEmpty() ? "" : Integer.toString(r.attempts().size()));
        field(b, "error_origin", LogFields.errorOrigin(r));
        tokensAndTimings(b, r);
        r.decision().ifPresent(d -> b.append(" decision=\"").append(d.summary()).append('"'));
        return b.toString();
    }

    private static void tokensAndTimings(StringBuilder b, RequestRecord r) {
        if (r.usage().known()) {
            b.append(" tokens=").append(Math.max(0, r.usage().promptTokens())).append('/')
                    .append(Math.max(0, r.usage().completionTokens()));
        }
        RequestTimings t = r.timings();
        b.append(" timings=").append(LogFields.ms(t.totalNanos())).append("ms(")
                .append(LogFields.ms(t.processingNanos())).append('+').append(LogFields.ms(t.upstreamNanos())).append('+')
                .append(LogFields.ms(t.responseNanos())).append(')');
        if (t.queued()) {
            b.append(" queue_wait=").append(LogFields.ms(t.queueNanos())).append("ms"); // within the request part
        }
    }

    private static void field(StringBuilder b, String key, String value) {
        if (!value.isEmpty()) {
            b.append(' ').append(key).append('=').append(value);
        }
    }
}
