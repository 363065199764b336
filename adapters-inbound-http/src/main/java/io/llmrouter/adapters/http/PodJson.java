package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.domain.health.PodHealth;
import io.llmrouter.domain.metrics.PodMetrics;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.server.ModelServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One pod of {@code /debug/config_dump/pods}: Kthena's shape ({@code podInfo}, {@code engine},
 * {@code metrics} with its field names, {@code models}, {@code modelServers}) extended with what this
 * router knows besides: how old the metrics are and whether the scheduler still trusts them, the
 * last scrape error, loaded LoRAs and slots, the router's own in-flight count to the pod, and its
 * passive health ({@code health}: in rotation, ejected or half-open, failures in a row, ejections).
 */
final class PodJson {

    private PodJson() {
    }

    /**
     * A pod with what the router knows about it at {@code now}; {@code health} is the outlier
     * detector's state (empty: nothing against it) read at {@code healthNow} on the detector's ticker.
     */
    record View(Pod pod, List<ModelServer> servers, Optional<PodMetricsStore.Entry> scrape, int inFlight,
                Duration maxAge, Instant now, Optional<PodHealth> health, long healthNow) {

        View(Pod pod, List<ModelServer> servers, Optional<PodMetricsStore.Entry> scrape, int inFlight,
             Duration maxAge, Instant now) {
            this(pod, servers, scrape, inFlight, maxAge, now, Optional.empty(), 0);
        }
    }

    static void write(JsonGenerator g, View v) throws IOException {
        Pod pod = v.pod();
        Optional<PodMetrics> metrics = v.scrape().flatMap(PodMetricsStore.Entry::metrics);
        g.writeStartObject();
        g.writeStringField("name", pod.id().name());
        g.writeStringField("namespace", pod.id().namespace());
        g.writeObjectFieldStart("podInfo");
        g.writeStringField("podIP", pod.address());
        if (pod.port().isPresent()) {
            g.writeNumberField("port", pod.port().getAsInt());
        }
        g.writeBooleanField("ready", pod.ready());
        SpecJson.labels(g, "labels", pod.meta().labels());
        g.writeEndObject();
        g.writeStringField("engine", v.servers().isEmpty() ? null : v.servers().getFirst().engine().crdName());
        if (metrics.isPresent()) {
            metrics(g, metrics.get(), v);
        } else {
            g.writeNullField("metrics");
        }
        scrape(g, v.scrape());
        g.writeNumberField("inFlight", v.inFlight());
        strings(g, "loras", metrics.map(m -> new TreeSet<>(m.loadedLoras())).orElseGet(TreeSet::new));
        strings(g, "models", models(v.servers(), metrics));
        strings(g, "modelServers", v.servers().stream().map(s -> s.id().toString()).toList());
        health(g, v.health(), v.healthNow());
        g.writeEndObject();
    }

    private static void metrics(JsonGenerator g, PodMetrics m, View v) throws IOException {
        Duration age = Duration.between(m.scrapedAt(), v.now());
        g.writeObjectFieldStart("metrics");
        number(g, "gpuCacheUsage", m.kvCacheUsage());
        count(g, "requestWaitingNum", m.waiting());
        count(g, "requestRunningNum", m.running());
        // Kthena reports TPOT and TTFT in milliseconds; so does this dump.
        number(g, "tpot", m.tpotSeconds() * 1000);
        number(g, "ttft", m.ttftSeconds() * 1000);
        number(g, "prefixHitRate", m.prefixHitRate());
        count(g, "maxLoras", m.maxLoras());
        if (m.kvCapacityTokens() >= 0) {
            g.writeNumberField("kvCapacityTokens", m.kvCapacityTokens());
        } else {
            g.writeNullField("kvCapacityTokens");
        }
        g.writeStringField("scrapedAt", m.scrapedAt().toString());
        g.writeNumberField("ageSeconds", age.toMillis() / 1000.0);
        g.writeBooleanField("fresh", age.compareTo(v.maxAge()) <= 0);
        g.writeEndObject();
    }

    private static void scrape(JsonGenerator g, Optional<PodMetricsStore.Entry> entry) throws IOException {
        g.writeObjectFieldStart("scrape");
        g.writeStringField("lastAttempt", entry.map(e -> e.lastAttempt().toString()).orElse(null));
        g.writeStringField("lastError", entry.flatMap(PodMetricsStore.Entry::lastError).orElse(null));
        g.writeNumberField("failures", entry.map(PodMetricsStore.Entry::failures).orElse(0L));
        // Ranked after every other pod while true (SchedulingProfile): the admin API shows why.
        g.writeBooleanField("unreachable", entry.map(PodMetricsStore.Entry::unreachable).orElse(false));
        g.writeEndObject();
    }

    private static void health(JsonGenerator g, Optional<PodHealth> health, long now) throws IOException {
        g.writeObjectFieldStart("health");
        PodHealth.Phase phase = health.map(h -> h.phase(now)).orElse(PodHealth.Phase.HEALTHY);
        g.writeStringField("state", phase.name().toLowerCase(java.util.Locale.ROOT));
        g.writeBooleanField("schedulable", health.map(h -> h.schedulable(now)).orElse(true));
        g.writeNumberField("consecutiveFailures", health.map(PodHealth::failures).orElse(0));
        g.writeNumberField("consecutiveScrapeFailures", health.map(PodHealth::scrapeFailures).orElse(0));
        g.writeNumberField("ejections", health.map(PodHealth::ejectionsTotal).orElse(0L));
        if (phase == PodHealth.Phase.EJECTED) {
            g.writeNumberField("ejectedForSeconds", (health.get().ejectedUntil() - now) / 1_000_000 / 1000.0);
        } else {
            g.writeNullField("ejectedForSeconds");
        }
        g.writeBooleanField("trialInFlight", health.map(PodHealth::trialOut).orElse(false));
        g.writeStringField("lastEjectionReason", health.flatMap(PodHealth::reason).orElse(null));
        g.writeEndObject();
    }

    /** What the pod serves: each selecting server's model override, then the LoRAs it has loaded. */
    private static List<String> models(List<ModelServer> servers, Optional<PodMetrics> metrics) {
        TreeSet<String> models = new TreeSet<>();
        servers.forEach(s -> s.model().ifPresent(models::add));
        metrics.ifPresent(m -> models.addAll(m.loadedLoras()));
        return List.copyOf(models);
    }

    private static void strings(JsonGenerator g, String field, Iterable<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** NaN means "the engine does not say": JSON null, never 0 (which would read as idle). */
    private static void number(JsonGenerator g, String field, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, Math.round(value * 1e4) / 1e4);
        }
    }

    private static void count(JsonGenerator g, String field, int value) throws IOException {
        if (value < 0) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }
}
