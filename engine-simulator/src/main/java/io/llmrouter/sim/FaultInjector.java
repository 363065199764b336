package io.llmrouter.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Fault switches of one simulated engine, changeable at runtime from any thread.
 *
 * <p>Thread-safety: the switches form one immutable {@link Settings} value swapped whole through
 * an AtomicReference, so a request always sees a consistent set. The coin flips use a seeded
 * {@link Random} (itself thread-safe) so a single-threaded test sees a reproducible sequence.
 */
public final class FaultInjector {

    /** The current switches; {@link #NONE} when no fault is active. */
    public record Settings(double errorRate, int errorStatus, boolean refuseConnections, Duration latencySpike,
                           double latencySpikeRate, int cutStreamAfter, Duration metricsDelay,
                           boolean metricsFailure) {
    }

    public static final Settings NONE = new Settings(0, 500, false, Duration.ZERO, 0, -1, Duration.ZERO, false);

    private final AtomicReference<Settings> settings = new AtomicReference<>(NONE);
    private final Random random;
    private final Consumer<Boolean> refuseListener;

    FaultInjector(long seed, Consumer<Boolean> refuseListener) {
        this.random = new Random(seed);
        this.refuseListener = refuseListener;
    }

    public Settings settings() {
        return settings.get();
    }

    /** Answers this fraction of inference requests with {@code status} in the engine's error shape. */
    public FaultInjector errorRate(double fraction, int status) {
        requireFraction(fraction, "fraction");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("'status' must be a 4xx or 5xx code, got " + status);
        }
        settings.updateAndGet(s -> new Settings(fraction, status, s.refuseConnections(), s.latencySpike(),
            s.latencySpikeRate(), s.cutStreamAfter(), s.metricsDelay(), s.metricsFailure()));
        return this;
    }

    /** Stops listening (connections are refused) until switched off again; the port stays the same. */
    public FaultInjector refuseConnections(boolean refuse) {
        Settings before = settings.getAndUpdate(s -> new Settings(s.errorRate(), s.errorStatus(), refuse,
            s.latencySpike(), s.latencySpikeRate(), s.cutStreamAfter(), s.metricsDelay(), s.metricsFailure()));
        if (before.refuseConnections() != refuse) {
            refuseListener.accept(refuse);
        }
        return this;
    }

    /** Delays the response headers of this fraction of inference requests by {@code delay}. */
    public FaultInjector latencySpike(Duration delay, double fraction) {
        Objects.requireNonNull(delay, "'delay' must not be null");
        requireFraction(fraction, "fraction");
        settings.updateAndGet(s -> new Settings(s.errorRate(), s.errorStatus(), s.refuseConnections(), delay,
            fraction, s.cutStreamAfter(), s.metricsDelay(), s.metricsFailure()));
        return this;
    }

    /** Closes streaming responses abruptly after {@code events} SSE events (no [DONE]); negative turns it off. */
    public FaultInjector cutStreamAfter(int events) {
        settings.updateAndGet(s -> new Settings(s.errorRate(), s.errorStatus(), s.refuseConnections(),
            s.latencySpike(), s.latencySpikeRate(), events, s.metricsDelay(), s.metricsFailure()));
        return this;
    }

    /** Delays every {@code /metrics} response. */
    public FaultInjector metricsDelay(Duration delay) {
        Objects.requireNonNull(delay, "'delay' must not be null");
        settings.updateAndGet(s -> new Settings(s.errorRate(), s.errorStatus(), s.refuseConnections(),
            s.latencySpike(), s.latencySpikeRate(), s.cutStreamAfter(), delay, s.metricsFailure()));
        return this;
    }

    /** Answers {@code /metrics} with HTTP 500. */
    public FaultInjector metricsFailure(boolean fail) {
        settings.updateAndGet(s -> new Settings(s.errorRate(), s.errorStatus(), s.refuseConnections(),
            s.latencySpike(), s.latencySpikeRate(), s.cutStreamAfter(), s.metricsDelay(), fail));
        return this;
    }

    /** Switches every fault off (and listens again if connections were refused). */
    public FaultInjector clear() {
        Settings before = settings.getAndSet(NONE);
        if (before.refuseConnections()) {
            refuseListener.accept(false);
        }
        return this;
    }

    /** Status to fail this request with, or 0 to serve it. */
    public int drawErrorStatus() {
        Settings s = settings.get();
        return s.errorRate() > 0 && random.nextDouble() < s.errorRate() ? s.errorStatus() : 0;
    }

    /** Extra delay before this request's response headers (zero for most requests). */
    public Duration drawLatencySpike() {
        Settings s = settings.get();
        return s.latencySpikeRate() > 0 && random.nextDouble() < s.latencySpikeRate() ? s.latencySpike() : Duration.ZERO;
    }

    private static void requireFraction(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("'" + field + "' must be in [0, 1], got " + value);
        }
    }
}
