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

    public RealTimeEngine(EngineCore core, String name) {
        this.core = core;
        this.loop = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    public RealTimeEngine start() {
        loop.start();
        return this;
    }

    public SimRequest submit(GenerationRequest request) {
        lock.lock();
        try {
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
        try {
            while (!closed) {
                StepPlan plan = nextPlan();
                if (plan == null) {
                    continue;
                }
                if (plan.durationNanos() > 0) {
                    core.clock().sleep(Duration.ofNanos(plan.durationNanos()));
                }
                withCore(c -> {
                    c.completeStep(plan);
                    return null;
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        }
    }

    private StepPlan nextPlan() throws InterruptedException {
        lock.lock();
        try {
            while (!core.hasWork() && !closed) {
                workArrived.await();
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

    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
