package io.llmrouter.adapters.observe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one request label set, resolved once. Prefill is measured as first attempt start
 * to first response byte (time to first token, for a stream), decode as first byte to last.
 */
record RequestMeters(Counter requests, Timer duration, Counter inputTokens, Counter outputTokens, Timer prefill,
                     Timer decode) {
}
