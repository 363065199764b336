package io.llmrouter.domain.scheduling.filter;

import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.Filter;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import java.util.List;

/**
 * Type {@code lora-affinity}: send a LoRA request to pods that already have the adapter loaded,
 * sparing the engine an adapter load (and other requests the eviction it may cause).
 *
 * <p>Order of preference: pods with the adapter loaded; else pods with a free adapter slot; else
 * pods whose LoRA state is unknown; else every pod (the engine will swap adapters). Kthena fails
 * the request when no pod has the adapter. Requests for a base model pass untouched.
 * Consumes: {@code PodMetrics.loadedLoras}, {@code .maxLoras}. No args.
 * <pre>
 * scheduler:
 *   plugins:
 *     Filter: {enabled: [lora-affinity]}
 * </pre>
 */
public final class LoraAffinity implements Filter {

    public static final String TYPE = "lora-affinity";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Candidate> filter(SchedulingRequest request, List<Candidate> candidates) {
        if (request.loraAdapter().isEmpty()) {
            return candidates;
        }
        String adapter = request.loraAdapter().get();
        List<Candidate> loaded = candidates.stream()
                .filter(c -> c.metrics().map(m -> m.loadedLoras().contains(adapter)).orElse(false)).toList();
        if (!loaded.isEmpty()) {
            return loaded;
        }
        List<Candidate> freeSlot = candidates.stream()
                .filter(c -> c.metrics().map(m -> m.freeLoraSlots() > 0).orElse(false)).toList();
        if (!freeSlot.isEmpty()) {
            return freeSlot;
        }
        List<Candidate> unknown = candidates.stream()
                .filter(c -> c.metrics().map(m -> m.freeLoraSlots() < 0).orElse(true)).toList();
        return unknown.isEmpty() ? candidates : unknown;
    }
}
