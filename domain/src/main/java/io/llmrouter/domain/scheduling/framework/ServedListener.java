package io.llmrouter.domain.scheduling.framework;

import io.llmrouter.domain.pod.Pod;

/** Told after a request was served successfully by a pod (e.g. so the prefix index learns what it holds). */
public interface ServedListener {

    void served(SchedulingRequest request, Pod pod);
}
