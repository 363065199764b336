package io.llmrouter.bench;

/**
 * Samples the event counter every 50 ms and remembers the span during which every stream was
 * open at once, so the reported rate is the sustained one, not diluted by connection ramp-up and
 * the tail of finishing streams.
 */
final class SteadyWindow implements Runnable {

    private final SseStreamClient.Concurrency concurrency;
    private final int streams;
    private volatile boolean stopped;
    private long startNanos;
    private long startEvents;
    private long endNanos;
    private long endEvents;

    SteadyWindow(SseStreamClient.Concurrency concurrency, int streams) {
        this.concurrency = concurrency;
        this.streams = streams;
    }

    @Override
    public void run() {
        while (!stopped) {
            long now = System.nanoTime();
            long events = concurrency.events();
            if (concurrency.streaming() >= streams) {
                if (startNanos == 0) {
                    startNanos = now;
                    startEvents = events;
                }
                endNanos = now;
                endEvents = events;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() {
        stopped = true;
    }

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    double eventsPerSecond() {
        return seconds() > 0 ? (endEvents - startEvents) / seconds() : 0;
    }
}
