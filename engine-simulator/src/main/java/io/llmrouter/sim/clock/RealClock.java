package io.llmrouter.sim.clock;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Real time, optionally sped up: one wall-clock second is {@code speedup} simulated seconds.
 * Sleeping for a simulated duration therefore blocks for {@code duration / speedup}.
 */
public final class RealClock implements SimClock {

    private final double speedup;
    private final long originNanos = System.nanoTime();

    public RealClock(double speedup) {
        if (!(speedup > 0) || Double.isInfinite(speedup)) {
            throw new IllegalArgumentException("'speedup' must be a positive finite number, got " + speedup);
        }
        this.speedup = speedup;
    }

    public double speedup() {
        return speedup;
    }

    @Override
    public long nowNanos() {
        return (long) ((System.nanoTime() - originNanos) * speedup);
    }

    @Override
    public double unixSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Override
    public void sleep(Duration simulated) throws InterruptedException {
        long wallNanos = (long) (simulated.toNanos() / speedup);
        if (wallNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(wallNanos);
        }
    }

    @Override
    public void sleepWall(Duration wall) throws InterruptedException {
        if (wall.isPositive()) {
            TimeUnit.NANOSECONDS.sleep(wall.toNanos());
        }
    }
}
