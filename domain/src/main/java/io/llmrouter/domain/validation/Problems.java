package io.llmrouter.domain.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one document; every validator shares this so problems name their
 * document the same way.
 */
final class Problems {

    private final String document;
    private final List<Problem> found = new ArrayList<>();

    Problems(String document) {
        this.document = document;
    }

    void error(String field, String message) {
        found.add(Problem.error(document, field, message));
    }

    void warning(String field, String message) {
        found.add(Problem.warning(document, field, message));
    }

    List<Problem> list() {
        return List.copyOf(found);
    }
}
