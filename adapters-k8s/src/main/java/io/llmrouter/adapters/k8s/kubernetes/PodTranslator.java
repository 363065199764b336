package io.llmrouter.adapters.k8s.kubernetes;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A pod to an engine endpoint, only when Kthena would route to it: phase {@code Running}, condition
 * {@code Ready=True}, not being deleted, and an address in {@code status.podIP}. Any other pod is
 * simply not an endpoint (it is not an error: pods start and stop all the time). The port is the
 * ModelServer's {@code workloadPort}, as in Kthena; the labels carry the PD roles.
 */
final class PodTranslator {

    private PodTranslator() {
    }

    static Optional<Pod> endpoint(V1Pod pod) {
        V1ObjectMeta meta = pod.getMetadata();
        V1PodStatus status = pod.getStatus();
        if (meta == null || meta.getName() == null || status == null || meta.getDeletionTimestamp() != null
                || !"Running".equals(status.getPhase()) || status.getPodIP() == null || status.getPodIP().isBlank()
                || !ready(status)) {
            return Optional.empty();
        }
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        Instant created = meta.getCreationTimestamp() == null ? Instant.EPOCH : meta.getCreationTimestamp().toInstant();
        ObjectMeta m = new ObjectMeta(ResourceId.of(meta.getNamespace(), meta.getName()), labels, created,
                meta.getResourceVersion());
        return Optional.of(new Pod(m, status.getPodIP(), OptionalInt.empty(), true));
    }

    private static boolean ready(V1PodStatus status) {
        if (status.getConditions() == null) {
            return false;
        }
        for (V1PodCondition c : status.getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }
}
