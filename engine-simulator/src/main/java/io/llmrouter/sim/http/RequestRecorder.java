package io.llmrouter.sim.http;

import io.llmrouter.sim.RecordedRequest;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** The last {@code limit} inference requests, oldest first; a small lock-guarded ring. */
public final class RequestRecorder {

    private final int limit;
    private final ArrayDeque<RecordedRequest> recent;
    private final ReentrantLock lock = new ReentrantLock();

    public RequestRecorder(int limit) {
        this.limit = limit;
        this.recent = new ArrayDeque<>(Math.max(limit, 1));
    }

    void record(RecordedRequest request) {
        if (limit == 0) {
            return;
        }
        lock.lock();
        try {
            if (recent.size() == limit) {
                recent.removeFirst();
            }
            recent.addLast(request);
        } finally {
            lock.unlock();
        }
    }

    public List<RecordedRequest> snapshot() {
        lock.lock();
        try {
            return List.copyOf(recent);
        } finally {
            lock.unlock();
        }
    }

    /** What was recorded, oldest first, and forgotten in the same step, so a reader that drains misses nothing. */
    public List<RecordedRequest> drain() {
        lock.lock();
        try {
            List<RecordedRequest> all = List.copyOf(recent);
            recent.clear();
            return all;
        } finally {
            lock.unlock();
        }
    }

    public void clear() {
        lock.lock();
        try {
            recent.clear();
        } finally {
            lock.unlock();
        }
    }
}
