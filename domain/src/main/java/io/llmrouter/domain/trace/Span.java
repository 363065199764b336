package io.llmrouter.domain.trace;

import java.util.Optional;

/**
 * One timed stage of a request (parse, route, schedule, one upstream attempt). Closing it ends it;
 * closing twice is harmless, so try-with-resources and an explicit close may both run. Calls are
 * made on the request's own thread and must stay cheap: an implementation records, it never blocks.
 */
public interface Span extends AutoCloseable {

    /** Records nothing; what every request gets when tracing is off. */
    Span NONE = new Span() {
        @Override
        public Span child(String name) {
            return this;
        }

        @Override
        public Span outbound(String name) {
            return this;
        }

        @Override
        public Optional<String> traceparent() {
            return Optional.empty();
        }

        @Override
        public Span attribute(String key, String value) {
            return this;
        }

        @Override
        public Span attribute(String key, long value) {
            return this;
        }

        @Override
        public void error(String message) {
        }

        @Override
        public void close() {
        }
    };

    /** A stage inside this one, in this process. */
    Span child(String name);

    /** A call this one makes to another service (the engine): its spans nest under this span. */
    Span outbound(String name);

    /**
     * The W3C {@code traceparent} value naming this span as the parent, for the next hop; empty when
     * the router takes no part in tracing.
     */
    Optional<String> traceparent();

    Span attribute(String key, String value);

    Span attribute(String key, long value);

    /** Marks the span failed, with a reason. */
    void error(String message);

    @Override
    void close();
}
