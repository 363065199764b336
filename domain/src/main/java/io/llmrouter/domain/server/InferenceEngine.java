package io.llmrouter.domain.server;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The engine behind a ModelServer; the spelling is the CRD's ({@code vLLM}, {@code SGLang}, {@code TGI}). */
public enum InferenceEngine {
    VLLM("vLLM"),
    SGLANG("SGLang"),
    TGI("TGI");

    private final String crdName;

    InferenceEngine(String crdName) {
        this.crdName = crdName;
    }

    public String crdName() {
        return crdName;
    }

    public static Optional<InferenceEngine> fromCrd(String value) {
        return Arrays.stream(values()).filter(e -> e.crdName.equals(value)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(InferenceEngine::crdName).collect(Collectors.joining(", "));
    }
}
