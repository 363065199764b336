package io.llmrouter.adapters.engines.kvevents;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.RouterSnapshot;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps one KV-event subscription per engine pod the datastore knows (vLLM and SGLang servers; TGI
 * publishes no events), standalone and Kubernetes alike: every datastore change is diffed against
 * the current subscriptions, new pods are subscribed, gone pods unsubscribed (their index entries
 * dropped), a pod at a new address re-subscribed. Every router replica does this for itself:
 * events are broadcast, so nothing is shared between replicas on the hot path.
 *
 * <p>Endpoints come from templates with {@code {address}} (the pod's address) and {@code {port}}
 * (its serving port): default {@code tcp://{address}:5557}, vLLM's; the replay endpoint is optional.
 */
public final class KvEventSubscriptions {

    private final Datastore datastore;
    private final KvEventSubscriber subscriber;
    private final String endpointTemplate;
    private final String replayTemplate;
    private final ReentrantLock membership = new ReentrantLock();
    private Map<ResourceId, String> current = Map.of(); // guarded by membership

    public KvEventSubscriptions(Datastore datastore, KvEventSubscriber subscriber, String endpointTemplate,
                                String replayTemplate) {
        this.datastore = datastore;
        this.subscriber = subscriber;
        this.endpointTemplate = endpointTemplate;
        this.replayTemplate = replayTemplate == null || replayTemplate.isBlank() ? null : replayTemplate;
    }

    public void start() {
        datastore.onChange(snapshot -> sync());
        sync();
    }

    /** Always against the latest snapshot, serialised: listeners of two loads may run in either order. */
    void sync() {
        membership.lock();
        try {
            RouterSnapshot snapshot = datastore.snapshot();
            Map<ResourceId, String> next = new HashMap<>();
            Map<ResourceId, String> replays = new HashMap<>();
            for (ModelServer server : snapshot.resources().servers()) {
                if (server.engine() == InferenceEngine.TGI) {
                    continue;
                }
                for (Pod pod : snapshot.readyPods(server.id())) {
                    int port = pod.portOr(server.workloadPort().port());
                    next.putIfAbsent(pod.id(), expand(endpointTemplate, pod, port));
                    if (replayTemplate != null) {
                        replays.putIfAbsent(pod.id(), expand(replayTemplate, pod, port));
                    }
                }
            }
            current.forEach((pod, endpoint) -> {
                if (!next.containsKey(pod)) {
                    subscriber.unsubscribe(pod);
                }
            });
            next.forEach((pod, endpoint) -> {
                String old = current.get(pod);
                if (old == null || !old.equals(endpoint)) {
                    if (old != null) {
                        subscriber.unsubscribe(pod); // another engine now: forget what the old one held
                    }
                    subscriber.subscribe(pod, endpoint, replays.get(pod));
                }
            });
            current = Map.copyOf(next);
        } finally {
            membership.unlock();
        }
    }

    static String expand(String template, Pod pod, int port) {
        String host = pod.address().contains(":") ? "[" + pod.address() + "]" : pod.address();
        return template.replace("{address}", host).replace("{port}", Integer.toString(port));
    }
}
