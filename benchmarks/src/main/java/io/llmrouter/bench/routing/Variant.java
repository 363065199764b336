package io.llmrouter.bench.routing;

/**
 * The blog's two workloads (output length comes with the {@link RoutingScale}). Its job file gives
 * system 256 / question 2,048 / output 256 for the short
 * case; the long case changes only the system prompt to 4,096 tokens, which is also what its
 * throughput ceiling (about 32 req/s over three 7B replicas, prefill-bound on the question) implies.
 */
enum Variant {
    LONG("long system prompt (4096)", 4096, 2048),
    SHORT("short system prompt (256)", 256, 2048);

    final String title;
    final int systemPromptLen;
    final int questionLen;

    Variant(String title, int systemPromptLen, int questionLen) {
        this.title = title;
        this.systemPromptLen = systemPromptLen;
        this.questionLen = questionLen;
    }
}
