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
}
