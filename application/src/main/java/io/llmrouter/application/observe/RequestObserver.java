package io.llmrouter.application.observe;

import java.util.List;

/**
 * Told about every {@code /v1/*} request: when it arrives and how it ended (metrics, access log).
 * Called on the request's thread, so implementations must be quick and must not block: hand work
 * to a queue. They should not throw; {@link #all} shields requests from those that do.
 */
public interface RequestObserver {

    RequestObserver NONE = record -> { };

    /** A request arrived (for gauges of requests in progress). */
    default void started() {
    }

    void completed(RequestRecord record);

    /** Tells each observer in turn; one that throws is skipped, never fails the request. */
    static RequestObserver all(List<RequestObserver> observers) {
        List<RequestObserver> copy = List.copyOf(observers);
        return new RequestObserver() {
            @Override
            public void started() {
                for (RequestObserver o : copy) {
                    try {
                        o.started();
                    } catch (RuntimeException e) {
                        // An observer's bug must not fail the request it observes.
                    }
                }
            }

            @Override
            public void completed(RequestRecord record) {
                for (RequestObserver o : copy) {
                    try {
                        o.completed(record);
                    } catch (RuntimeException e) {
                        // As above.
                    }
                }
            }
        };
    }
}
