package io.llmrouter.domain.scheduling.framework;

/**
 * Takes back what a {@link DispatchListener} learned from one dispatch, when the request turned out
 * never to have reached the pod (the connection was refused): a pod must not be credited with a
 * prompt it never saw, or it would attract the next requests of that prompt, and fail them too.
 */
@FunctionalInterface
public interface Retraction {

    Retraction NONE = () -> { };

    void retract();
}
