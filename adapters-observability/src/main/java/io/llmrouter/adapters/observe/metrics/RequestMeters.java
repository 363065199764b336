package io.llmrouter.adapters.observe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;

/** The meters every request of one label set records into, resolved once. */
record RequestMeters(Counter requests, Timer duration) {
}
