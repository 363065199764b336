package io.llmrouter.application.datastore;

import io.llmrouter.domain.validation.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How the datastore stands: whether a first valid set was loaded, when the last one was accepted,
 * and the problems of the most recent load attempt (errors of a refused edit stay until a later
 * edit is accepted).
 */
public record DatastoreStatus(boolean loaded, String source, Optional<Instant> lastAccepted, String lastOrigin,
                              List<Problem> lastErrors, List<Problem> warnings, long acceptedCount, long rejectedCount) {

    public DatastoreStatus {
        lastErrors = List.copyOf(lastErrors);
        warnings = List.copyOf(warnings);
    }

    static DatastoreStatus initial(String source) {
        return new DatastoreStatus(false, source, Optional.empty(), "", List.of(), List.of(), 0, 0);
    }
}
