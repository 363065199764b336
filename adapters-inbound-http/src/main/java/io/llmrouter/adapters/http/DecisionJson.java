package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.application.scheduling.DecisionLog;
import io.llmrouter.domain.scheduling.framework.DecisionTrace;
import java.io.IOException;
import java.util.List;

/** The JSON shape of one logged scheduling decision (documented in the README). */
final class DecisionJson {

    private DecisionJson() {
    }

    static void write(JsonGenerator g, DecisionLog.Entry entry) throws IOException {
        DecisionTrace t = entry.trace();
        g.writeStartObject();
        g.writeNumberField("sequence", entry.sequence());
        g.writeStringField("at", entry.at().toString());
        g.writeStringField("requestId", entry.requestId());
        g.writeStringField("model", t.model());
        g.writeStringField("modelServer", t.server());
        strings(g, "candidates", t.candidates());
        strings(g, "filters", t.filterNotes());
        strings(g, "survivors", t.survivors());
        g.writeArrayFieldStart("scorers");
        for (DecisionTrace.ScorerTrace s : t.scorers()) {
            g.writeStartObject();
            g.writeStringField("name", s.type());
            g.writeNumberField("weight", s.weight());
            g.writeBooleanField("steppedAside", s.steppedAside());
            g.writeNumberField("micros", s.nanos() / 1000.0);
            numbers(g, "scores", s.scores());
            g.writeEndObject();
        }
        g.writeEndArray();
        numbers(g, "totals", t.totals());
        strings(g, "ranked", t.ranked());
        strings(g, "fallbacks", t.fallbacks());
        g.writeNumberField("micros", t.nanos() / 1000.0);
        if (!t.pairings().isEmpty()) {
            // PD: the fields above are the decode ranking; each ranked decode pod's prefill ranking follows
            g.writeArrayFieldStart("pairs");
            for (DecisionTrace.Pairing p : t.pairings()) {
                if (p.prefillPod().isPresent()) {
                    g.writeStartObject();
                    g.writeStringField("prefillPod", p.prefillPod().get());
                    g.writeStringField("decodePod", p.decodePod());
                    g.writeStringField("group", p.group());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("prefillRankings");
            for (DecisionTrace.Pairing p : t.pairings()) {
                g.writeStartObject();
                g.writeStringField("decodePod", p.decodePod());
                g.writeStringField("group", p.group());
                strings(g, "candidates", p.prefill().candidates());
                strings(g, "filters", p.prefill().filterNotes());
                strings(g, "survivors", p.prefill().survivors());
                numbers(g, "totals", p.prefill().totals());
                strings(g, "ranked", p.prefill().ranked());
                strings(g, "fallbacks", p.prefill().fallbacks());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** NaN ("no opinion") is written as null: JSON has no NaN. */
    private static void numbers(JsonGenerator g, String field, List<Double> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (Double v : values) {
            if (v == null || v.isNaN()) {
                g.writeNull();
            } else {
                g.writeNumber(Math.round(v * 1e4) / 1e4);
            }
        }
        g.writeEndArray();
    }
}
