package io.llmrouter.sim.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Adapters an engine can serve (name to path), in load order. Loading here is bookkeeping; the
 * GPU-slot cost of running an adapter is modelled by the engine core's LoRA slots.
 */
public final class LoraRegistry {

    private final Map<String, String> adapters = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** Adds an adapter; false when one with this name is already loaded. */
    public boolean load(String name, String path) {
        lock.lock();
        try {
            return adapters.putIfAbsent(name, path) == null;
        } finally {
            lock.unlock();
        }
    }

    /** Removes an adapter; false when none with this name is loaded. */
    public boolean unload(String name) {
        lock.lock();
        try {
            return adapters.remove(name) != null;
        } finally {
            lock.unlock();
        }
    }

    public boolean contains(String name) {
        lock.lock();
        try {
            return adapters.containsKey(name);
        } finally {
            lock.unlock();
        }
    }

    /** Name to path, in load order. */
    public Map<String, String> snapshot() {
        lock.lock();
        try {
            return new LinkedHashMap<>(adapters);
        } finally {
            lock.unlock();
        }
    }
}
