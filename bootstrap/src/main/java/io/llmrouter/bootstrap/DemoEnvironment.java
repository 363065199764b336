package io.llmrouter.bootstrap;

import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bin/router demo} serves: four simulated vLLM engines on loopback (two per model) and
 * the Kthena blog's multi-model example, written as an ordinary manifest file so the demo runs
 * the real standalone path, hot reload included.
 */
final class DemoEnvironment implements AutoCloseable {

    static final String MODEL_NAME = "deepseek-r1";
    static final String MODEL_7B = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final String MODEL_1_5B = "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B";
    private static final int REPLICAS = 2;

    private final List<SimulatedEngine> engines;
    private final Path manifest;

    private DemoEnvironment(List<SimulatedEngine> engines, Path manifest) {
        this.engines = engines;
        this.manifest = manifest;
    }

    static DemoEnvironment start() {
        List<SimulatedEngine> engines = new ArrayList<>();
        StringBuilder yaml = new StringBuilder(DemoManifest.route(MODEL_NAME));
        yaml.append(DemoManifest.server("deepseek-r1-7b", MODEL_7B));
        yaml.append(DemoManifest.server("deepseek-r1-1-5b", MODEL_1_5B));
        for (String[] server : new String[][] {{"deepseek-r1-7b", MODEL_7B}, {"deepseek-r1-1-5b", MODEL_1_5B}}) {
            for (int i = 0; i < REPLICAS; i++) {
                SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder()
                        .engine(EngineKind.VLLM).model(server[1]).port(0).seed(i + 1L).build());
                engines.add(engine);
                yaml.append(DemoManifest.endpoint(server[0] + "-" + i, server[0], engine.port()));
            }
        }
        return new DemoEnvironment(List.copyOf(engines), write(yaml.toString()));
    }

    List<Path> manifests() {
        return List.of(manifest);
    }

    String instructions(int routerPort, int adminPort, int metricsPort) {
        String base = "http://127.0.0.1:" + routerPort;
        return """

                llm-router demo is running: %d simulated vLLM engines behind the router.
                Routes, servers and endpoints: %s (edit it; the router reloads it live)

                  # list models
                  curl -s %s/v1/models

                  # default users -> %s
                  curl -s %s/v1/chat/completions -H 'Content-Type: application/json' \\
                    -d '{"model":"%s","messages":[{"role":"user","content":"Hello!"}],"max_tokens":32}'

                  # premium users -> %s
                  curl -s %s/v1/chat/completions -H 'Content-Type: application/json' -H 'user-type: premium' \\
                    -d '{"model":"%s","messages":[{"role":"user","content":"Hello!"}],"max_tokens":32}'

                  # streaming
                  curl -sN %s/v1/completions -H 'Content-Type: application/json' \\
                    -d '{"model":"%s","prompt":"Once upon a time","max_tokens":48,"stream":true}'

                  # what the router loaded (admin listener, loopback only)
                  curl -s http://127.0.0.1:%d/debug/datastore

                  # Prometheus metrics (requests, tokens, latency, per-pod load); the access log is on stdout
                  curl -s http://127.0.0.1:%d/metrics | grep ^kthena_router_requests_total

                Ctrl-C stops the router and the engines.
                """.formatted(engines.size(), manifest, base, MODEL_1_5B, base, MODEL_NAME, MODEL_7B, base,
                MODEL_NAME, base, MODEL_NAME, adminPort, metricsPort);
    }

    private static Path write(String yaml) {
        try {
            Path dir = Files.createTempDirectory("llm-router-demo");
            Path file = dir.resolve("demo-models.yaml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        engines.forEach(SimulatedEngine::close);
    }
}
