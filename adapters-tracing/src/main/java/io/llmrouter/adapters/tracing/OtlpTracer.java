package io.llmrouter.adapters.tracing;

import io.llmrouter.domain.trace.Span;
import io.llmrouter.domain.trace.Tracer;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The {@link Tracer} port over W3C Trace Context and OTLP.
 *
 * <p>Why not the OpenTelemetry SDK: the router needs ids, parent links, start/end times, a few
 * attributes and one batching exporter. The SDK brings about ten artifacts whose versions Helidon's
 * BOM also pins (and, with the default OTLP sender, okhttp, which the parent pom already pins for the
 * Kubernetes client), plus context propagation through thread locals that this code does not want:
 * spans here are plain objects passed along with the request. The OTLP/HTTP JSON encoding is a
 * documented, stable protocol, so a small encoder and a bounded queue cost less than the tree.
 *
 * <p>Sampling is parent-based: a caller's sampled flag is obeyed; a trace the router starts is kept
 * with probability {@code sampleRatio}, decided from its random trace id.
 */
public final class OtlpTracer implements Tracer {

    private static final HexFormat HEX = HexFormat.of();

    private final double sampleRatio;
    private final Consumer<SpanData> sink;
    private final Clock clock;
    private final LongSupplier ticker;

    OtlpTracer(double sampleRatio, Consumer<SpanData> sink, Clock clock, LongSupplier ticker) {
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("'sampleRatio' must be within 0..1, was " + sampleRatio);
        }
        this.sampleRatio = sampleRatio;
        this.sink = sink;
        this.clock = clock;
        this.ticker = ticker;
    }

    /** The production tracer: spans go to {@code exporter}; wall time from the system clock, durations from nanoTime. */
    public static OtlpTracer exportingTo(OtlpHttpExporter exporter, double sampleRatio) {
        return new OtlpTracer(sampleRatio, exporter::offer, Clock.systemUTC(), System::nanoTime);
    }

    @Override
    public Span startRequest(String name, Optional<String> traceparent) {
        Optional<TraceParent> parent = traceparent.flatMap(TraceParent::parse);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String traceId = parent.map(TraceParent::traceId).orElseGet(() -> newTraceId(random));
        boolean sampled = parent.map(TraceParent::sampled).orElseGet(() -> sampledByRatio(traceId));
        TraceParent context = new TraceParent(traceId, newSpanId(random), sampled);
        return new OtlpSpan(this, context, parent.map(TraceParent::spanId).orElse(""), name, SpanData.KIND_SERVER);
    }

    Span childOf(TraceParent parent, String name, int kind) {
        TraceParent context = new TraceParent(parent.traceId(), newSpanId(ThreadLocalRandom.current()), parent.sampled());
        return new OtlpSpan(this, context, parent.spanId(), name, kind);
    }

    /** Same rule as OpenTelemetry's ratio sampler: the trace id's low 63 bits against ratio × 2^63. */
    private boolean sampledByRatio(String traceId) {
        if (sampleRatio >= 1) {
            return true;
        }
        long low = HexFormat.fromHexDigitsToLong(traceId.substring(16)) >>> 1;
        return low < (long) (sampleRatio * Long.MAX_VALUE);
    }

    private static String newTraceId(ThreadLocalRandom random) {
        long high = random.nextLong();
        long low = random.nextLong();
        if (high == 0 && low == 0) {
            low = 1;
        }
        return HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }

    private static String newSpanId(ThreadLocalRandom random) {
        long id = random.nextLong();
        return HEX.toHexDigits(id == 0 ? 1 : id);
    }

    long epochNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    long tick() {
        return ticker.getAsLong();
    }

    void export(SpanData span) {
        sink.accept(span);
    }
}
