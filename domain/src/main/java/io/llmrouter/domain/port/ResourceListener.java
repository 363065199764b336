package io.llmrouter.domain.port;

import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.validation.Problem;
import java.util.List;

/** Receives what a {@link ResourceSource} read: a whole new set, or the reasons a change was refused. */
public interface ResourceListener {

    /** A valid set replaces the previous one; {@code warnings} are worth a log line but did not block it. */
    void accepted(ResourceSet resources, List<Problem> warnings, String origin);

    /** The change had errors; the previous set stays in force. */
    void rejected(List<Problem> errors, String origin);
}
