package io.llmrouter.sim;

import java.util.function.BooleanSupplier;

/** Bounded polling for conditions reached asynchronously (never an unbounded loop). */
final class Await {

    private Await() {
    }

    static void until(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out (10 s) waiting for: " + what);
    }
}
