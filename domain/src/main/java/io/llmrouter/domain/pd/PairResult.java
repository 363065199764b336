package io.llmrouter.domain.pd;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.inference.ForwardResult;

/** What became of one attempt on a prefill/decode pair. */
public sealed interface PairResult {

    /** Whether nothing reached the client, so the next pair may be tried. */
    boolean retryable();

    /**
     * The prefill leg failed before anything reached the client: {@code result} is a held-back 5xx,
     * a connect failure, a timeout (retryable: the next pair), or the client leaving or a shutdown
     * (not retryable). No decode request was sent (SGLang: the decode was cancelled).
     */
    record PrefillFailed(ForwardResult result) implements PairResult {
        public PrefillFailed {
            requireNonNull(result, "'result' must not be null");
        }

        @Override
        public boolean retryable() {
            return result.retryable();
        }
    }

    /**
     * The prefill engine refused the request (4xx): its answer went to the client as it was, as the
     * decode engine would have answered the same.
     */
    record PrefillRejected(ForwardResult.Relayed relayed) implements PairResult {
        @Override
        public boolean retryable() {
            return false;
        }
    }

    /**
     * The prefill leg succeeded (or, for SGLang, ran alongside) and the decode leg ended with
     * {@code decode}: relayed to the client, or failed before a byte reached it (then retryable).
     * {@code kvParamsMissing}: NIXL / Mooncake only, the prefill answer carried no
     * {@code kv_transfer_params}, so the decode pod recomputes the prompt.
     */
    record Decoded(ForwardResult decode, boolean kvParamsMissing) implements PairResult {
        public Decoded {
            requireNonNull(decode, "'decode' must not be null");
        }

        @Override
        public boolean retryable() {
            return decode.retryable();
        }
    }
}
