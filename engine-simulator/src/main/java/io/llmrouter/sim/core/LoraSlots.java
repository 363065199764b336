package io.llmrouter.sim.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * GPU LoRA slots ({@code --max-loras}): at most {@code maxLoras} distinct adapters can be in the
 * running batch, and an adapter that is not resident in a slot costs a load before it runs.
 * Resident adapters are evicted least recently used, never while the running batch uses them.
 * Not thread-safe: used under the engine lock.
 */
final class LoraSlots {

    private final int maxLoras;
    /** Insertion order is recency: the first element is the least recently used adapter. */
    private final Set<String> resident = new LinkedHashSet<>();

    LoraSlots(int maxLoras) {
        this.maxLoras = maxLoras;
    }

    int maxLoras() {
        return maxLoras;
    }

    /**
     * Makes {@code adapter} resident if possible. Returns 0 when it already was, 1 when it was
     * loaded now (a load to pay for), or -1 when every slot holds an adapter the batch is using.
     */
    int acquire(String adapter, Collection<String> inUse) {
        if (resident.remove(adapter)) {
            resident.add(adapter);
            return 0;
        }
        if (resident.size() >= maxLoras) {
            String victim = resident.stream().filter(a -> !inUse.contains(a)).findFirst().orElse(null);
            if (victim == null) {
                return -1;
            }
            resident.remove(victim);
        }
        resident.add(adapter);
        return 1;
    }

    /** Forgets an unloaded adapter so it no longer holds a slot. */
    void evict(String adapter) {
        resident.remove(adapter);
    }

    List<String> residentAdapters() {
        return new ArrayList<>(resident);
    }
}
