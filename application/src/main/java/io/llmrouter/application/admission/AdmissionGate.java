package io.llmrouter.application.admission;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The router's front door: how many client requests are being served at once, a bound on that
 * number, and whether the router is draining for shutdown.
 *
 * <p>A request past the bound is refused at once instead of queueing: a router that accepts
 * without limit turns an overload into a pile of threads, buffers and timeouts, while an immediate
 * refusal lets the client (or its load balancer) go elsewhere. Draining does not refuse anything by
 * itself; it is what {@code /readyz} reports so that traffic is moved away, and what shutdown waits
 * on ({@link #awaitIdle}) before cutting what is still running.
 *
 * <p>Thread-safe and lock-free on the request path; the lock is only for the shutdown wait.
 */
public final class AdmissionGate {

    private final int maxConcurrent;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();

    /** @param maxConcurrent most requests served at once; 1 or more */
    public AdmissionGate(int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("'maxConcurrent' must be 1 or more, got " + maxConcurrent);
        }
        this.maxConcurrent = maxConcurrent;
    }

    /** No bound: what embedders and tests that predate it use. */
    public static AdmissionGate unbounded() {
        return new AdmissionGate(Integer.MAX_VALUE);
    }

    /** A place for one request, to be closed when its response has ended; empty when the router is full. */
    public Optional<Admission> tryAdmit() {
        while (true) {
            int now = active.get();
            if (now >= maxConcurrent) {
                return Optional.empty();
            }
            if (active.compareAndSet(now, now + 1)) {
                return Optional.of(new Admission());
            }
        }
    }

    public int active() {
        return active.get();
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    /** From now on {@link #draining()} is true; idempotent. */
    public void startDraining() {
        draining.set(true);
    }

    public boolean draining() {
        return draining.get();
    }

    /** Waits until no request is being served, at most {@code timeout}; true if that happened. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (active.get() > 0) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** One admitted request; closing it more than once frees its place once. */
    public final class Admission implements AutoCloseable {
        private final AtomicBoolean closed = new AtomicBoolean();

        private Admission() {
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true) && active.decrementAndGet() == 0 && draining.get()) {
                lock.lock();
                try {
                    idle.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
