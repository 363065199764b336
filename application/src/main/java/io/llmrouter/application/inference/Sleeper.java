package io.llmrouter.application.inference;

import java.time.Duration;

/** Waits between retries; injected so tests need not sleep. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /**
     * The pause between two tries: true when it passed, false when the thread was interrupted (the
     * request is being abandoned; the interrupt flag is set again for the caller's caller).
     */
    default boolean pause(Duration duration) {
        try {
            sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Sleeper threadSleep() {
        return d -> {
            if (!d.isZero() && !d.isNegative()) {
                Thread.sleep(d);
            }
        };
    }
}
