package io.llmrouter.domain.pd;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.pod.Pod;

/** A prefill pod and the decode pod it hands its KV cache to; both of one group. */
public record Pair(Pod prefill, Pod decode) {

    public Pair {
        requireNonNull(prefill, "'prefill' must not be null");
        requireNonNull(decode, "'decode' must not be null");
    }

    public String describe() {
        return prefill.meta().name() + "->" + decode.meta().name();
    }
}
