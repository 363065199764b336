package io.llmrouter.bench.harness;

import java.net.URI;
import java.util.List;

/**
 * Standalone manifests for the benchmarks: one ModelRoute for the model, one vLLM ModelServer, and a
 * StaticEndpoint per engine address, exactly what an operator would write for bare-metal hosts.
 */
public final class Manifests {

    private Manifests() {
    }

    public static String singleModel(String model, List<URI> engines) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelRoute
                metadata: {name: bench, namespace: default}
                spec:
                  modelName: %s
                  rules:
                    - name: all
                      targetModels:
                        - modelServerName: bench-engines
                ---
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelServer
                metadata: {name: bench-engines, namespace: default}
                spec:
                  model: %s
                  inferenceEngine: vLLM
                  workloadSelector:
                    matchLabels: {app: bench-engines}
                  workloadPort: {port: 8000}
                """.formatted(model, model));
        for (int i = 0; i < engines.size(); i++) {
            URI engine = engines.get(i);
            yaml.append("""
                    ---
                    apiVersion: networking.serving.volcano.sh/v1alpha1
                    kind: StaticEndpoint
                    metadata:
                      name: engine-%d
                      labels: {app: bench-engines}
                    spec:
                      address: %s:%d
                    """.formatted(i, engine.getHost(), engine.getPort()));
        }
        return yaml.toString();
    }

    /**
     * One model served by simulated replicas on loopback {@code ports}, with {@code trafficPolicy}
     * (a YAML flow mapping such as {@code {timeout: 3s, retry: {attempts: 2}}}) on the ModelServer.
     */
    public static String replicas(String model, int[] ports, String trafficPolicy) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelRoute
                metadata: {name: replicas, namespace: default}
                spec:
                  modelName: %s
                  rules:
                    - name: all
                      targetModels:
                        - modelServerName: replicas
                ---
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: ModelServer
                metadata: {name: replicas, namespace: default}
                spec:
                  model: %s
                  inferenceEngine: vLLM
                  workloadSelector:
                    matchLabels: {app: replicas}
                  workloadPort: {port: 8000}
                  trafficPolicy: %s
                """.formatted(model, model, trafficPolicy));
        for (int i = 0; i < ports.length; i++) {
            yaml.append("""
                    ---
                    apiVersion: networking.serving.volcano.sh/v1alpha1
                    kind: StaticEndpoint
                    metadata:
                      name: replica-%d
                      labels: {app: replicas}
                    spec:
                      address: 127.0.0.1:%d
                    """.formatted(i, ports[i]));
        }
        return yaml.toString();
    }

    /** The machine's load average as /proc/loadavg has it, for the conditions line of a report. */
    public static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
