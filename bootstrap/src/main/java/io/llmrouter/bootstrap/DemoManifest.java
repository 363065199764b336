package io.llmrouter.bootstrap;

/** The demo's documents, as a user would write them for {@code kubectl apply} or a standalone file. */
final class DemoManifest {

    private static final String API = "apiVersion: networking.serving.volcano.sh/v1alpha1\n";

    private DemoManifest() {
    }

    static String route(String modelName) {
        return API + """
                kind: ModelRoute
                metadata:
                  name: deepseek-multi-models
                  namespace: default
                spec:
                  modelName: %s
                  rules:
                  - name: premium
                    modelMatch:
                      headers:
                        user-type:
                          exact: premium
                    targetModels:
                    - modelServerName: deepseek-r1-7b
                  - name: default
                    targetModels:
                    - modelServerName: deepseek-r1-1-5b
                """.formatted(modelName);
    }

    static String server(String name, String model) {
        return "---\n" + API + """
                kind: ModelServer
                metadata:
                  name: %s
                  namespace: default
                spec:
                  model: %s
                  inferenceEngine: vLLM
                  workloadSelector:
                    matchLabels:
                      app: %s
                  workloadPort:
                    port: 8000
                  trafficPolicy:
                    timeout: 30s
                    retry:
                      attempts: 2
                      retryInterval: 50ms
                """.formatted(name, model, name);
    }

    static String endpoint(String name, String app, int port) {
        return "---\n" + API + """
                kind: StaticEndpoint
                metadata:
                  name: %s
                  namespace: default
                  labels:
                    app: %s
                spec:
                  address: 127.0.0.1:%d
                """.formatted(name, app, port);
    }
}
