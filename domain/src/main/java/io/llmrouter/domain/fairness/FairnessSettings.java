package io.llmrouter.domain.fairness;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the fairness queue orders and releases requests. Defaults follow Kthena where Kthena has one
 * (window 5 m, input ×1, output ×2, request weight 0, queue timeout 60 s) and llm-d's flow control
 * for what Kthena lacks (the utilization gate's thresholds 5 and 0.8, bounds by requests and bytes).
 *
 * @param mode              how a user's priority is computed from its usage
 * @param windowSize        {@code window} mode: how far back usage counts
 * @param inputTokenWeight  weight of a prompt token
 * @param outputTokenWeight weight of a completion token
 * @param requestWeight     {@code window} mode: weight of each completed request in the window (Kthena's request-num weight)
 * @param idleTtl           {@code vtc} mode: an idle user's counter is forgotten after this long
 * @param anonymous         priority of the one flow shared by callers without identity
 * @param queueTimeout      the longest a request waits in the queue (then 504)
 * @param maxRequests       queued requests per model before new ones get 429
 * @param maxBytes          queued body bytes per model before new ones get 429
 * @param gate              when a queued request is released
 * @param bands             priority bands; {@link Bands#NONE} puts everyone in band 0
 */
public record FairnessSettings(FairnessMode mode, Duration windowSize, double inputTokenWeight, double outputTokenWeight,
                               double requestWeight, Duration idleTtl, AnonymousPriority anonymous, Duration queueTimeout,
                               int maxRequests, long maxBytes, GateSettings gate, Bands bands) {

    public static final FairnessSettings DEFAULT = new FairnessSettings(FairnessMode.WINDOW, Duration.ofMinutes(5),
            1.0, 2.0, 0.0, Duration.ofMinutes(30), AnonymousPriority.LOWEST, Duration.ofSeconds(60), 5000,
            1L << 30, GateSettings.DEFAULT, Bands.NONE);

    public FairnessSettings {
        requireNonNull(mode, "'mode' must not be null");
        requireNonNull(anonymous, "'anonymous' must not be null");
        requireNonNull(gate, "'gate' must not be null");
        requireNonNull(bands, "'bands' must not be null");
        positive(windowSize, "windowSize");
        positive(idleTtl, "idleTtl");
        positive(queueTimeout, "queueTimeout");
        weight(inputTokenWeight, "inputTokenWeight");
        weight(outputTokenWeight, "outputTokenWeight");
        weight(requestWeight, "requestWeight");
        if (maxRequests < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("queue bounds must be at least 1, got " + maxRequests + " requests, "
                    + maxBytes + " bytes");
        }
    }

    private static void positive(Duration d, String name) {
        if (requireNonNull(d, "'" + name + "' must not be null").isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + name + "' must be positive, got " + d);
        }
    }

    private static void weight(double w, String name) {
        if (!Double.isFinite(w) || w < 0) {
            throw new IllegalArgumentException("'" + name + "' must be finite and >= 0, got " + w);
        }
    }

    public FairnessSettings withMode(FairnessMode m) {
        return new FairnessSettings(m, windowSize, inputTokenWeight, outputTokenWeight, requestWeight, idleTtl,
                anonymous, queueTimeout, maxRequests, maxBytes, gate, bands);
    }

    public FairnessSettings withGate(GateSettings g) {
        return new FairnessSettings(mode, windowSize, inputTokenWeight, outputTokenWeight, requestWeight, idleTtl,
                anonymous, queueTimeout, maxRequests, maxBytes, g, bands);
    }

    public FairnessSettings withBounds(int requests, long bytes) {
        return new FairnessSettings(mode, windowSize, inputTokenWeight, outputTokenWeight, requestWeight, idleTtl,
                anonymous, queueTimeout, requests, bytes, gate, bands);
    }

    public FairnessSettings withQueueTimeout(Duration t) {
        return new FairnessSettings(mode, windowSize, inputTokenWeight, outputTokenWeight, requestWeight, idleTtl,
                anonymous, t, maxRequests, maxBytes, gate, bands);
    }

    public FairnessSettings withAnonymous(AnonymousPriority a) {
        return new FairnessSettings(mode, windowSize, inputTokenWeight, outputTokenWeight, requestWeight, idleTtl,
                a, queueTimeout, maxRequests, maxBytes, gate, bands);
    }

    public FairnessSettings withBands(Bands b) {
        return new FairnessSettings(mode, windowSize, inputTokenWeight, outputTokenWeight, requestWeight, idleTtl,
                anonymous, queueTimeout, maxRequests, maxBytes, gate, b);
    }

    public FairnessSettings withIdleTtl(Duration ttl) {
        return new FairnessSettings(mode, windowSize, inputTokenWeight, outputTokenWeight, requestWeight, ttl,
                anonymous, queueTimeout, maxRequests, maxBytes, gate, bands);
    }

    /** How a user's priority is computed. */
    public enum FairnessMode {
        /** Kthena's: weighted tokens over a sliding window (lower is served first). */
        WINDOW,
        /** Virtual token counter per user, lifted to the active minimum when the user becomes active. */
        VTC
    }

    /** Where the shared anonymous flow stands. */
    public enum AnonymousPriority {
        /** Behind every identified user (Kthena: priority MaxFloat64). */
        LOWEST,
        /** Like any user, by its own usage. */
        EQUAL
    }

    /**
     * Priority bands: higher bands are served first, fairness applies within a band.
     *
     * @param source  where a request's band comes from
     * @param header  {@link Source#HEADER}: the header holding an integer band
     * @param tiers   {@link Source#TIER}: the caller's tier to its band
     * @param dflt    band of requests without a header or with an unlisted tier
     */
    public record Bands(Source source, String header, Map<String, Integer> tiers, int dflt) {

        public static final Bands NONE = new Bands(Source.NONE, "x-llm-router-priority", Map.of(), 0);

        public Bands {
            requireNonNull(source, "'source' must not be null");
            requireNonNull(header, "'header' must not be null");
            tiers = Map.copyOf(tiers);
        }

        /** A request's band from its header value or its caller's tier. */
        public int band(Optional<String> headerValue, Optional<String> tier) {
            return switch (source) {
                case NONE -> 0;
                case TIER -> tier.map(t -> tiers.getOrDefault(t, dflt)).orElse(dflt);
                case HEADER -> headerValue.map(v -> {
                    try {
                        return Integer.parseInt(v.trim());
                    } catch (NumberFormatException e) {
                        return dflt;
                    }
                }).orElse(dflt);
            };
        }

        public enum Source { NONE, TIER, HEADER }
    }
}
