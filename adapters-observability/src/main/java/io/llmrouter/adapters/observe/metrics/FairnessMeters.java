package io.llmrouter.adapters.observe.metrics;

import io.llmrouter.application.fairness.FairnessQueues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Kthena's fairness families, {@code kthena_router_fairness_queue_{size,duration_seconds,
 * cancelled_total,dequeue_total,inflight}}, with its labels: {@code model} and (but for inflight)
 * {@code user_id="_all"}, the aggregate Kthena always uses (a label per user would be unbounded).
 * A model's series appear with its first queued request.
 */
final class FairnessMeters implements FairnessQueues.Listener {

    static final String SIZE = "kthena.router.fairness.queue.size";
    static final String DURATION = "kthena.router.fairness.queue.duration";
    static final String CANCELLED = "kthena.router.fairness.queue.cancelled";
    static final String DEQUEUED = "kthena.router.fairness.queue.dequeue";
    static final String INFLIGHT = "kthena.router.fairness.queue.inflight";
    private static final String ALL = "_all";

    private final MeterRegistry registry;
    private final Supplier<Map<String, int[]>> sizes;
    private final Map<String, Meters> models = new ConcurrentHashMap<>();

    FairnessMeters(MeterRegistry registry, Supplier<Map<String, int[]>> sizes) {
        this.registry = registry;
        this.sizes = sizes;
    }

    private record Meters(Timer duration, Counter cancelled, Counter dequeued) {
    }

    private Meters meters(String model) {
        return models.computeIfAbsent(model, m -> {
            Gauge.builder(SIZE, this, f -> f.size(m, 0)).description("Requests waiting in the fairness queue")
                    .tag("model", m).tag("user_id", ALL).register(registry);
            Gauge.builder(INFLIGHT, this, f -> f.size(m, 1))
                    .description("Requests the fairness queue released that have not finished").tag("model", m)
                    .register(registry);
            return new Meters(
                    Timer.builder(DURATION).description("Time requests spent in the fairness queue").tag("model", m)
                            .tag("user_id", ALL).serviceLevelObjectives(Buckets.REQUEST).register(registry),
                    Counter.builder(CANCELLED).description("Requests that left the fairness queue without being "
                            + "dispatched (timeout, client gone, full)").tag("model", m).tag("user_id", ALL)
                            .register(registry),
                    Counter.builder(DEQUEUED).description("Requests the fairness queue dispatched").tag("model", m)
                            .tag("user_id", ALL).register(registry));
        });
    }

    private double size(String model, int which) {
        int[] s = sizes.get().get(model);
        return s == null ? 0 : s[which];
    }

    @Override
    public void left(String model, String outcome, long waitNanos) {
        Meters m = meters(model);
        m.duration().record(Duration.ofNanos(waitNanos));
        if (outcome.equals("dispatched")) {
            m.dequeued().increment();
        } else {
            m.cancelled().increment();
        }
    }
}
