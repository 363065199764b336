package io.llmrouter.domain.scheduling.framework;

import java.util.List;

/**
 * Removes candidates that must not take the request. Returns a sub-list of {@code candidates}
 * (possibly empty). A filter that throws is skipped by the profile, never failing the request.
 */
public interface Filter {

    String type();

    List<Candidate> filter(SchedulingRequest request, List<Candidate> candidates);
}
