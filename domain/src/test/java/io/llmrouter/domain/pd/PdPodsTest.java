package io.llmrouter.domain.pd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.server.PdGroup;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

public class PdPodsTest {

    public static final PdGroup SPEC = new PdGroup("group", Map.of("role", "prefill"), Map.of("role", "decode"));

    public static Pod pod(String name, Map<String, String> labels) {
        return new Pod(new ObjectMeta(new ResourceId("default", name), labels, Instant.EPOCH, "1"), "127.0.0.1",
                OptionalInt.empty(), true);
    }

    public static Pod pod(String name, String group, String role) {
        return pod(name, Map.of("app", "m", "group", group, "role", role));
    }

    @Test
    void podsAreSortedIntoGroupsAndRoles() {
        PdPods pods = PdPods.classify(SPEC, List.of(pod("p1", "a", "prefill"), pod("d1", "a", "decode"),
                pod("p2", "b", "prefill"), pod("d2", "b", "decode"), pod("d3", "b", "decode")));
        assertEquals(List.of("a", "b"), List.copyOf(pods.groups().keySet()));
        assertEquals(List.of("p1"), names(pods.groups().get("a").prefill()));
        assertEquals(List.of("d2", "d3"), names(pods.groups().get("b").decode()));
        assertEquals(List.of("d1", "d2", "d3"), names(pods.decodePods()));
        assertTrue(pods.unused().isEmpty());
    }

    @Test
    void aPodWithoutTheGroupLabelIsReportedNotUsed() {
        PdPods pods = PdPods.classify(SPEC, List.of(pod("x", Map.of("app", "m", "role", "decode")),
                pod("d1", "a", "decode")));
        assertEquals(List.of("d1"), names(pods.decodePods()));
        assertEquals("x", pods.unused().get(0).pod().meta().name());
        assertTrue(pods.unused().get(0).reason().contains("'group' label"), pods.unused().get(0).reason());
    }

    @Test
    void aPodMatchingBothLabelSetsIsDecodeBecauseDecodeIsCheckedFirst() {
        PdGroup overlapping = new PdGroup("group", Map.of("tier", "gpu"), Map.of("tier", "gpu", "role", "decode"));
        Pod both = pod("both", Map.of("group", "a", "tier", "gpu", "role", "decode"));
        Pod prefill = pod("p", Map.of("group", "a", "tier", "gpu"));
        PdPods pods = PdPods.classify(overlapping, List.of(both, prefill));
        assertEquals(List.of("both"), names(pods.groups().get("a").decode()));
        assertEquals(List.of("p"), names(pods.groups().get("a").prefill()));
    }

    @Test
    void aPodMatchingNeitherIsReportedAndAGroupWithoutPrefillHasNoPartner() {
        PdPods pods = PdPods.classify(SPEC, List.of(pod("d1", "lonely", "decode"), pod("w", "lonely", "worker")));
        assertEquals(List.of(), pods.groups().get("lonely").prefill());
        assertEquals(List.of(), pods.prefillFor(pods.decodePods().get(0)));
        assertEquals("w", pods.unused().get(0).pod().meta().name());
        assertTrue(pods.unused().get(0).reason().contains("neither"));
    }

    @Test
    void emptyLabelMapsNeverMatch() {
        PdPods pods = PdPods.classify(new PdGroup("group", Map.of(), Map.of()), List.of(pod("d", "a", "decode")));
        assertEquals(1, pods.unused().size());
        assertTrue(pods.decodePods().isEmpty());
    }

    static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.meta().name()).toList();
    }
}
