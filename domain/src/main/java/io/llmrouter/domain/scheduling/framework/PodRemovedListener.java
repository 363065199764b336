package io.llmrouter.domain.scheduling.framework;

import io.llmrouter.domain.resource.ResourceId;

/** Told when a pod left the datastore, so per-pod state can be dropped. */
public interface PodRemovedListener {

    void removed(ResourceId pod);
}
