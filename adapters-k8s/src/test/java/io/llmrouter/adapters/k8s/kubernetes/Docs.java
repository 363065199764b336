package io.llmrouter.adapters.k8s.kubernetes;

/** JSON objects as the API server stores them, for the fake API server. */
public final class Docs {

    private Docs() {
    }

    public static String route(String namespace, String name, String model, String server) {
        return """
                {"apiVersion":"networking.serving.volcano.sh/v1alpha1","kind":"ModelRoute",
                 "metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"modelName":"%s","rules":[{"name":"default","targetModels":[{"modelServerName":"%s"}]}]}}
                """.formatted(name, namespace, model, server);
    }

    public static String server(String namespace, String name, String app, int port) {
        return """
                {"apiVersion":"networking.serving.volcano.sh/v1alpha1","kind":"ModelServer",
                 "metadata":{"name":"%s","namespace":"%s"},
                 "spec":{"inferenceEngine":"vLLM","workloadSelector":{"matchLabels":{"app":"%s"}},
                         "workloadPort":{"port":%d}}}
                """.formatted(name, namespace, app, port);
    }
}
