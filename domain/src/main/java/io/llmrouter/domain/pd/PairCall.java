package io.llmrouter.domain.pd;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.inference.UpstreamCall;
import java.util.Optional;

/**
 * One attempt on one prefill/decode pair: where each leg goes (both calls carry the same request,
 * model override and per-leg timeout, {@code trafficPolicy.timeout}), the connector that decides the
 * two bodies, the router-wide PD settings, and who is told when each leg starts and ends.
 */
public record PairCall(UpstreamCall prefill, UpstreamCall decode, KvConnector connector, PdSettings settings,
                       Legs legs) {

    public PairCall {
        requireNonNull(prefill, "'prefill' must not be null");
        requireNonNull(decode, "'decode' must not be null");
        requireNonNull(connector, "'connector' must not be null");
        requireNonNull(settings, "'settings' must not be null");
        requireNonNull(legs, "'legs' must not be null");
    }

    /**
     * Told of each leg as the gateway runs it, so the caller can count it in flight to its pod, time
     * it and trace it: {@link #start} when the leg's request is about to go out (for SGLang both
     * start before either ends), {@link Leg#close} when it ended, whatever the outcome.
     */
    @FunctionalInterface
    public interface Legs {
        Legs NONE = role -> Leg.NONE;

        Leg start(PdRole role);
    }

    /** One running leg; {@code traceparent} is the W3C header the engine should get for it. */
    public interface Leg extends AutoCloseable {
        Leg NONE = new Leg() {
            @Override
            public Optional<String> traceparent() {
                return Optional.empty();
            }

            @Override
            public void ended(int status, String result) {
            }

            @Override
            public void close() {
            }
        };

        Optional<String> traceparent();

        /** How the leg ended: the engine's status (0 when none) and a short word for logs and spans. */
        void ended(int status, String result);

        @Override
        void close();
    }
}
