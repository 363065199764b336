package io.llmrouter.bootstrap;

import io.llmrouter.sim.EngineKind;
import io.llmrouter.sim.EngineOptions;
import io.llmrouter.sim.EngineRole;
import io.llmrouter.sim.SimulatedEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bin/router demo} serves: four simulated vLLM engines on loopback (two per model),
 * three more for the PD model {@code deepseek-pd} (one prefill, two decode, one group), and
 * the Kthena blog's multi-model example ({@link DemoManifest}), written as an ordinary manifest file
 * so the demo runs the real standalone path, hot reload included.
 */
final class DemoEnvironment implements AutoCloseable {

    private static final int REPLICAS = 2;

    private final List<SimulatedEngine> engines;
    private final Path manifest;

    private DemoEnvironment(List<SimulatedEngine> engines, Path manifest) {
        this.engines = engines;
        this.manifest = manifest;
    }

    static DemoEnvironment start() {
        List<SimulatedEngine> engines = new ArrayList<>();
        StringBuilder yaml = new StringBuilder(DemoManifest.BLOG_DOCUMENTS);
        try {
            for (String[] server : new String[][] {{DemoManifest.SERVER_7B, DemoManifest.MODEL_7B},
                    {DemoManifest.SERVER_1_5B, DemoManifest.MODEL_1_5B}}) {
                for (int i = 0; i < REPLICAS; i++) {
                    SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder()
                            .engine(EngineKind.VLLM).model(server[1]).port(0).seed(i + 1L).build());
                    engines.add(engine);
                    yaml.append(DemoManifest.endpoint(server[0] + "-" + i, server[0], engine.port()));
                }
            }
            yaml.append(DemoManifest.PD_DOCUMENTS);
            int decode = 0;
            for (EngineRole role : List.of(EngineRole.PREFILL, EngineRole.DECODE, EngineRole.DECODE)) {
                SimulatedEngine engine = SimulatedEngine.start(EngineOptions.builder().engine(EngineKind.VLLM)
                        .model(DemoManifest.MODEL_7B).port(0).seed(10L + engines.size()).role(role).build());
                engines.add(engine);
                String name = role == EngineRole.PREFILL ? DemoManifest.PD_SERVER + "-prefill-0"
                        : DemoManifest.PD_SERVER + "-decode-" + decode++;
                yaml.append(DemoManifest.pdEndpoint(name, role.name().toLowerCase(java.util.Locale.ROOT), engine.port()));
            }
            return new DemoEnvironment(List.copyOf(engines), write(yaml.toString()));
        } catch (RuntimeException e) {
            engines.forEach(SimulatedEngine::close);
            throw e;
        }
    }

    List<Path> manifests() {
        return List.of(manifest);
    }

    /**
     * What to try, for a router whose inference listener is on {@code host}: the blog's own request
     * first, then the default route, streaming, the admin API and the metrics.
     */
    String instructions(String host, int routerPort, int adminPort, int metricsPort) {
        String base = "http://" + reachable(host) + ":" + routerPort;
        String metricsBase = "http://" + reachable(host) + ":" + metricsPort;
        String model = DemoManifest.MODEL_NAME;
        return """

                llm-router demo is running: %d simulated vLLM engines behind the router, serving the Kthena
                blog's "%s" example (premium users -> %s, everyone else -> %s).
                Routes, servers and endpoints: %s (edit it; the router reloads it live)

                  # list models
                  curl -s %s/v1/models

                  # the blog's request: premium users -> %s
                  curl %s/v1/completions -H "Content-Type: application/json" -H "user-type: premium" \\
                    -d '{"model": "%s", "prompt": "Explain quantum computing"}'

                  # default users -> %s
                  curl -s %s/v1/chat/completions -H 'Content-Type: application/json' \\
                    -d '{"model":"%s","messages":[{"role":"user","content":"Hello!"}],"max_tokens":32}'

                  # streaming
                  curl -sN %s/v1/completions -H 'Content-Type: application/json' \\
                    -d '{"model":"%s","prompt":"Once upon a time","max_tokens":48,"stream":true}'

                  # prefill/decode disaggregation: 1 prefill + 2 decode engines; the decision names both pods
                  curl -sN %s/v1/chat/completions -H 'Content-Type: application/json' \\
                    -d '{"model":"deepseek-pd","messages":[{"role":"user","content":"Hello!"}],"max_tokens":32,"stream":true}'
                  curl -s http://127.0.0.1:%d/debug/decisions

                  # what the router loaded (admin listener, loopback only)
                  curl -s http://127.0.0.1:%d/debug/datastore

                  # Prometheus metrics (requests, tokens, latency, per-pod load); the access log is on stdout
                  curl -s %s/metrics | grep ^kthena_router_requests_total

                Ctrl-C stops the router and the engines.
                """.formatted(engines.size(), model, DemoManifest.SERVER_7B, DemoManifest.SERVER_1_5B, manifest,
                base, DemoManifest.MODEL_7B, base, model, DemoManifest.MODEL_1_5B, base, model, base, model,
                base, adminPort, adminPort, metricsBase);
    }

    /** The address a curl on this machine reaches a listener bound to {@code host} by. */
    static String reachable(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static Path write(String yaml) {
        try {
            Path dir = Files.createTempDirectory("llm-router-demo");
            Path file = dir.resolve("demo-models.yaml");
            // A fallback for an exit that skips close(): the JVM deletes in reverse order of registration,
            // so the folder is registered first and goes last, once it is empty.
            dir.toFile().deleteOnExit();
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the engines and removes the manifest folder the demo wrote (an editor's leftovers in it too). */
    @Override
    public void close() {
        engines.forEach(SimulatedEngine::close);
        Path dir = manifest.getParent();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.getLogger(DemoEnvironment.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove the demo's manifest folder " + dir + ": " + e.getMessage());
        }
    }
}
