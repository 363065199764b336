package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.validation.Problem;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The problems found while translating one document. Every problem carries the line of the
 * offending node in its message, so a person can jump straight to it; the file is named once, with
 * the document (see {@link ManifestLoader}), not again in each message.
 */
final class DocumentContext {

    private final String file;
    private final String document;
    private final List<Problem> problems = new ArrayList<>();

    DocumentContext(String file, String document) {
        this.file = file;
        this.document = document;
    }

    void error(Node at, String field, String message) {
        problems.add(Problem.error(document, field, where(at) + message));
    }

    void warning(Node at, String field, String message) {
        problems.add(Problem.warning(document, field, where(at) + message));
    }

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }

    /** {@code "line 12: "}; nothing for a tree without positions (an object read from the Kubernetes API). */
    String where(Node at) {
        return at == null || at.getStartMark() == null ? "" : "line " + line(at) + ": ";
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
