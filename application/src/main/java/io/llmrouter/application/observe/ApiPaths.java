package io.llmrouter.application.observe;

import java.util.Set;

/**
 * Request paths as metric label values: the OpenAI paths this router knows keep their name,
 * anything else becomes {@value #OTHER}, so a client cannot grow the label set by inventing paths.
 */
public final class ApiPaths {

    public static final String OTHER = "other";

    private static final Set<String> KNOWN = Set.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings",
            "/v1/responses", "/v1/messages", "/v1/models", "/v1/rerank", "/v1/score", "/v1/audio/transcriptions",
            "/v1/audio/translations", "/v1/tokenize", "/v1/detokenize");

    private ApiPaths() {
    }

    public static String label(String path) {
        return KNOWN.contains(path) ? path : OTHER;
    }
}
