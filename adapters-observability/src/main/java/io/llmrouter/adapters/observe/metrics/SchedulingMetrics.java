package io.llmrouter.adapters.observe.metrics;

import io.llmrouter.domain.scheduling.framework.DecisionTrace;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.scorer.PrefixCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * What each scheduling decision's trace says: the decision's run time, each scorer's run time
 * (Kthena's {@code kthena_router_scheduler_plugin_duration_seconds}, {@code type="score"}; filters
 * are not timed by the profile), the fallbacks taken, and the prefix-cache match ratio of the pod
 * that was picked.
 */
final class SchedulingMetrics {

    private final MeterCache<String, Timer> decisions;
    private final MeterCache<PluginKey, Timer> plugins;
    private final MeterCache<PluginKey, Counter> fallbacks;
    private final DistributionSummary matchRatio;

    private record PluginKey(String model, String name) {
    }

    SchedulingMetrics(MeterRegistry registry) {
        decisions = new MeterCache<>(model -> Timer.builder(MetricNames.DECISION_DURATION)
                .description("One scheduling decision: filters, scorers, ranking").tag("model", model)
                .serviceLevelObjectives(Buckets.SCHEDULING).register(registry));
        plugins = new MeterCache<>(k -> Timer.builder(MetricNames.PLUGIN_DURATION)
                .description("Run time of one scheduler plugin").tag("model", k.model()).tag("plugin", k.name())
                .tag("type", "score").serviceLevelObjectives(Buckets.SCHEDULING).register(registry));
        fallbacks = new MeterCache<>(k -> Counter.builder(MetricNames.FALLBACKS)
                .description("Degraded decisions, by kind").tag("model", k.model()).tag("fallback", k.name())
                .register(registry));
        matchRatio = DistributionSummary.builder(MetricNames.PREFIX_MATCH_RATIO)
                .description("Share of the prompt's blocks the picked pod already held, per decision")
                .serviceLevelObjectives(Buckets.RATIO).register(registry);
    }

    void record(String model, DecisionTrace trace) {
        decisions.get(model).record(trace.nanos(), TimeUnit.NANOSECONDS);
        for (DecisionTrace.ScorerTrace s : trace.scorers()) {
            plugins.get(new PluginKey(model, s.type())).record(s.nanos(), TimeUnit.NANOSECONDS);
            if (s.type().equals(PrefixCache.TYPE) && !s.steppedAside()) {
                pickedScore(trace, s);
            }
        }
        for (String note : trace.fallbacks()) {
            fallbacks.get(new PluginKey(model, kind(note))).increment();
        }
    }

    private void pickedScore(DecisionTrace trace, DecisionTrace.ScorerTrace s) {
        if (trace.ranked().isEmpty()) {
            return;
        }
        int picked = trace.survivors().indexOf(trace.ranked().get(0));
        if (picked >= 0 && picked < s.scores().size() && !Double.isNaN(s.scores().get(picked))) {
            matchRatio.record(Math.max(0, Math.min(1, s.scores().get(picked))));
        }
    }

    /** Fallback notes are free text; the label is one of a fixed set. */
    static String kind(String note) {
        if (note.equals(SchedulingProfile.FALLBACK_IN_FLIGHT)) {
            return "in_flight";
        }
        if (note.equals(SchedulingProfile.FALLBACK_RANDOM)) {
            return "random";
        }
        if (note.startsWith(SchedulingProfile.FALLBACK_PANIC)) {
            return "panic";
        }
        if (note.contains("stepped aside")) {
            return "stepped_aside";
        }
        if (note.startsWith("all pods filtered out")) {
            return "all_filtered";
        }
        return note.contains("failed") ? "plugin_failed" : "other";
    }
}
