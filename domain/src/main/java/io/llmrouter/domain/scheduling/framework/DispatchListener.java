package io.llmrouter.domain.scheduling.framework;

import io.llmrouter.domain.pod.Pod;

/**
 * Told when a request is sent to a pod, before the pod answers: a plugin that learns from placement
 * (the prefix index) learns at once, so the next request of the same conversation or prompt group,
 * often arriving before the first is answered, already finds its prefix there. (Kthena learns only
 * after the response; the difference is measured in docs/benchmarks.md.)
 */
public interface DispatchListener {

    /** Returns how to take it back if the request never reaches the pod ({@link Retraction#NONE} if nothing to undo). */
    Retraction dispatched(SchedulingRequest request, Pod pod);
}
