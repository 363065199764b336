package io.llmrouter.bootstrap;

/**
 * The demo's documents. The ModelRoute and the two ModelServers are the Kthena blog's
 * header-based multi-model example, character for character, so the blog's own {@code curl} works
 * against the demo; the StaticEndpoints stand in for the pods {@code workloadSelector} would find.
 */
final class DemoManifest {

    /** The {@code modelName} the blog's requests use. */
    static final String MODEL_NAME = "deepseek-multi-models";
    static final String SERVER_7B = "deepseek-r1-7b";
    static final String SERVER_1_5B = "deepseek-r1-1-5b";
    static final String MODEL_7B = "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B";
    static final String MODEL_1_5B = "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B";

    /** Verbatim from the blog (section "Example: Header-Based Multi-Model Routing"). */
    static final String BLOG_DOCUMENTS = """
            apiVersion: networking.serving.volcano.sh/v1alpha1
            kind: ModelRoute
            metadata:
              name: deepseek-multi-models
              namespace: default
            spec:
              modelName: "deepseek-multi-models"
              rules:
              - name: "premium"
                modelMatch:
                  headers:
                    user-type:
                      exact: premium
                targetModels:
                - modelServerName: "deepseek-r1-7b"
              - name: "default"
                targetModels:
                - modelServerName: "deepseek-r1-1-5b"
            ---
            apiVersion: networking.serving.volcano.sh/v1alpha1
            kind: ModelServer
            metadata:
              name: deepseek-r1-7b
              namespace: default
            spec:
              workloadSelector:
                matchLabels:
                  app: deepseek-r1-7b
              workloadPort:
                port: 8000
              model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"
              inferenceEngine: "vLLM"
              trafficPolicy:
                timeout: 10s
            ---
            apiVersion: networking.serving.volcano.sh/v1alpha1
            kind: ModelServer
            metadata:
              name: deepseek-r1-1-5b
              namespace: default
            spec:
              workloadSelector:
                matchLabels:
                  app: deepseek-r1-1-5b
              workloadPort:
                port: 8000
              model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B"
              inferenceEngine: "vLLM"
              trafficPolicy:
                timeout: 10s
            """;

    private DemoManifest() {
    }

    /** A simulated engine as a pod: labelled like the pods the blog's {@code workloadSelector} selects. */
    static String endpoint(String name, String app, int port) {
        return """
                ---
                # A simulated vLLM engine standing in for a pod labelled app: %s.
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: StaticEndpoint
                metadata:
                  name: %s
                  namespace: default
                  labels:
                    app: %s
                spec:
                  address: 127.0.0.1:%d
                """.formatted(app, name, app, port);
    }
}
