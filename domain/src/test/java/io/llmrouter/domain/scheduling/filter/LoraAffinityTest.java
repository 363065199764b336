package io.llmrouter.domain.scheduling.filter;

import static io.llmrouter.domain.scheduling.Pods.known;
import static io.llmrouter.domain.scheduling.Pods.loraRequest;
import static io.llmrouter.domain.scheduling.Pods.loras;
import static io.llmrouter.domain.scheduling.Pods.request;
import static io.llmrouter.domain.scheduling.Pods.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.domain.scheduling.framework.Candidate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoraAffinityTest {

    private final LoraAffinity filter = new LoraAffinity();

    @Test
    void filter_podsWithAdapterLoaded_preferred() {
        List<Candidate> all = List.of(known("has", loras(Set.of("sql"), 2), 0), known("free", loras(Set.of(), 2), 0));
        assertEquals(List.of("has"), names(filter.filter(loraRequest("sql"), all)));
    }

    @Test
    void filter_noneLoaded_fallsBackToFreeSlotsInsteadOfFailing() {
        List<Candidate> all = List.of(known("full", loras(Set.of("a", "b"), 2), 0), known("free", loras(Set.of("a"), 2), 0));
        assertEquals(List.of("free"), names(filter.filter(loraRequest("sql"), all)));
    }

    @Test
    void filter_noFreeSlotAnywhere_keepsUnknownThenEveryone() {
        List<Candidate> full = List.of(known("f1", loras(Set.of("a"), 1), 0), unknown("u", 0));
        assertEquals(List.of("u"), names(filter.filter(loraRequest("sql"), full)));
        List<Candidate> allFull = List.of(known("f1", loras(Set.of("a"), 1), 0), known("f2", loras(Set.of("b"), 1), 0));
        assertEquals(List.of("f1", "f2"), names(filter.filter(loraRequest("sql"), allFull)));
    }

    @Test
    void filter_baseModelRequest_untouched() {
        List<Candidate> all = List.of(known("f1", loras(Set.of("a"), 1), 0));
        assertEquals(all, filter.filter(request("x"), all));
    }

    private static List<String> names(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::name).toList();
    }
}
