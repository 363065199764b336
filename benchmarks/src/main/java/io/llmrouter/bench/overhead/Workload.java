package io.llmrouter.bench.overhead;

import io.llmrouter.bench.load.BenchRequest;
import io.llmrouter.bench.load.Workloads;
import java.util.List;

/**
 * The three request shapes of the overhead benchmark. Each repeats one request, so what varies
 * between direct, router and nginx is only the path. The latency compared is E2E for plain
 * answers and TTFT for streams (what a proxy adds before the first token).
 */
enum Workload {
    SMALL("small (32-token prompt, 8 tokens, not streamed)", 32, 8, false),
    STREAMING("streaming (32-token prompt, 64 tokens)", 32, 64, true),
    LARGE("220 KB prompt (36,667 tokens, 8 tokens, streamed)", 36_667, 8, true);

    /** Enough requests that no closed-loop cell runs out before its time is up. */
    private static final int REQUESTS = 400_000;

    final String title;
    final int promptTokens;
    final int outputTokens;
    final boolean stream;

    Workload(String title, int promptTokens, int outputTokens, boolean stream) {
        this.title = title;
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
        this.stream = stream;
    }

    List<BenchRequest> requests() {
        return Workloads.fixed(REQUESTS, promptTokens, outputTokens, 1);
    }

    /** The latency a proxy adds to: E2E for a plain answer, TTFT for a stream. */
    String latencyName() {
        return stream ? "TTFT" : "E2E";
    }
}
