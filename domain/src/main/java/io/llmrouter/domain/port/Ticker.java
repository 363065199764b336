package io.llmrouter.domain.port;

/** A monotonic nanosecond clock, injected so the domain never reads the system clock itself. */
@FunctionalInterface
public interface Ticker {

    long nanos();

    /** For tests and callers that do not measure. */
    static Ticker disabled() {
        return () -> 0L;
    }
}
