package io.llmrouter.adapters.observe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/** The meters of one request label set, resolved once. */
record RequestMeters(Counter requests, Timer duration) {
}
