package io.llmrouter.application.inference;

import java.time.Duration;

/** Waits between retries; injected so tests need not sleep. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper threadSleep() {
        return d -> {
            if (!d.isZero() && !d.isNegative()) {
                Thread.sleep(d);
            }
        };
    }
}
