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

    /** The PD model: one simulated prefill engine and two decode engines of one group, http connector. */
    static final String PD_MODEL_NAME = "deepseek-pd";
    static final String PD_SERVER = "deepseek-pd";
    static final String PD_GROUP = "deepseek-pd-0";

    static final String PD_DOCUMENTS = """
            ---
            apiVersion: networking.serving.volcano.sh/v1alpha1
            kind: ModelRoute
            metadata:
              name: deepseek-pd
              namespace: default
            spec:
              modelName: "deepseek-pd"
              rules:
              - name: "default"
                targetModels:
                - modelServerName: "deepseek-pd"
            ---
            # Prefill/decode disaggregation: the router sends each request's prompt to a prefill pod (max_tokens 1),
            # then the request to a decode pod of the same group, which loads the prompt's KV (http connector: LMCache).
            apiVersion: networking.serving.volcano.sh/v1alpha1
            kind: ModelServer
            metadata:
              name: deepseek-pd
              namespace: default
            spec:
              workloadSelector:
                matchLabels:
                  app: deepseek-pd
                pdGroup:
                  groupKey: modelserving.volcano.sh/group-name
                  prefillLabels:
                    modelserving.volcano.sh/role: prefill
                  decodeLabels:
                    modelserving.volcano.sh/role: decode
              kvConnector:
                type: http
              workloadPort:
                port: 8000
              model: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"
              inferenceEngine: "vLLM"
              trafficPolicy:
                timeout: 10s
            """;

    private DemoManifest() {
    }

    /** A simulated PD engine as a pod of the PD server's group, with its role label. */
    static String pdEndpoint(String name, String role, int port) {
        return """
                ---
                # A simulated vLLM %s engine standing in for a pod of group %s.
                apiVersion: networking.serving.volcano.sh/v1alpha1
                kind: StaticEndpoint
                metadata:
                  name: %s
                  namespace: default
                  labels:
                    app: %s
                    modelserving.volcano.sh/group-name: %s
                    modelserving.volcano.sh/role: %s
                spec:
                  address: 127.0.0.1:%d
                """.formatted(role, PD_GROUP, name, PD_SERVER, PD_GROUP, role, port);
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
