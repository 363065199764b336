package io.llmrouter.domain.scheduling.framework;

import io.llmrouter.domain.pod.Pod;
import java.util.List;

/** Removes pods that must not take the request. Returns a sub-list of {@code pods}, in any order. */
public interface Filter {

    String type();

    List<Pod> filter(SchedulingRequest request, List<Pod> pods);
}
