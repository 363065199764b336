package io.llmrouter.sim.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Drives an {@link EngineCore} in (sped-up) real time on its own platform thread: plan a step,
 * sleep for its simulated duration, apply it, repeat. HTTP handlers submit and abort requests
 * concurrently.
 *
 * <p>Thread-safety: every core access happens under {@link #lock}, a ReentrantLock rather than
 * {@code synchronized} so virtual threads waiting for it never pin their carrier. The step
 * sleeps outside the lock. A platform thread runs the loop because with the {@code instant}
 * profile it never blocks while there is work, which would monopolise a virtual thread's carrier.
 */
public final class RealTimeEngine implements AutoCloseable {

    /** Poll period when requests wait but none can be scheduled (e.g. no free LoRA slot). */
    private static final long STALLED_WAIT_MILLIS = 5;

    private final EngineCore core;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Thread loop;
    private volatile boolean closed;
    /** Written and read only by the loop thread. */
    private boolean wokeFromIdle;

    public RealTimeEngine(EngineCore core, String name) {
        this.core = core;
        this.loop = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    public RealTimeEngine start() {
        loop.start();
        return this;
    }

    /** Queues a request; IllegalStateException once the engine is closing (nothing would run it). */
    public SimRequest submit(GenerationRequest request) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the engine is shutting down");
            }
            SimRequest queued = core.submit(request);
            workArrived.signal();
            return queued;
        } finally {
            lock.unlock();
        }
    }

    public void abort(SimRequest request) {
        withCore(core -> {
            core.abort(request);
            return null;
        });
    }

    /** Runs {@code action} on the core under the engine lock (snapshots, metrics rendering). */
    public <T> T withCore(Function<EngineCore, T> action) {
        lock.lock();
        try {
            return action.apply(core);
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        long previousDeadline = Long.MIN_VALUE;
        try {
            while (!closed) {
                StepPlan plan = nextPlan();
                if (plan == null) {
                    continue;
                }
                long deadline = stepStart(previousDeadline, plan.durationNanos()) + plan.durationNanos();
                long remaining = deadline - core.clock().nowNanos();
                if (remaining > 0) {
                    core.clock().sleep(Duration.ofNanos(remaining));
                }
                withCore(c -> {
                    c.completeStep(plan);
                    return null;
                });
                previousDeadline = deadline;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        }
    }

    /**
     * When the step began: back to back steps start at the previous step's deadline, so the
     * loop's own work (applying a step, waking handlers, planning the next) is part of the
     * modelled step time instead of being added to it; a step lasts max(model time, loop work).
     * After idling the step starts now, and the start never lags by more than one step
     * (no burst of catch-up steps after a stall).
     */
    private long stepStart(long previousDeadline, long duration) {
        long now = core.clock().nowNanos();
        if (wokeFromIdle || previousDeadline == Long.MIN_VALUE) {
            return now;
        }
        return Math.max(previousDeadline, now - duration);
    }

    private StepPlan nextPlan() throws InterruptedException {
        lock.lock();
        try {
            wokeFromIdle = false;
            while (!core.hasWork() && !closed) {
                workArrived.await();
                wokeFromIdle = true;
            }
            StepPlan plan = closed ? null : core.planStep();
            if (plan == null && !closed) {
                workArrived.await(STALLED_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
            return plan;
        } finally {
            lock.unlock();
        }
    }

    /** Aborts every request, then stops the loop; waiting handlers see the abort and return. */
    @Override
    public void close() {
        withCore(c -> {
            closed = true; // under the lock, so no submit slips in after the abort
            c.abortAll();
            return null;
        });
        loop.interrupt();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
