package io.llmrouter.domain.server;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The KV connector used to hand a prefilled request to a decode pod (PD disaggregation). */
public enum KvConnectorType {
    HTTP("http"),
    LMCACHE("lmcache"),
    NIXL("nixl"),
    MOONCAKE("mooncake");

    private final String crdName;

    KvConnectorType(String crdName) {
        this.crdName = crdName;
    }

    public String crdName() {
        return crdName;
    }

    public static Optional<KvConnectorType> fromCrd(String value) {
        return Arrays.stream(values()).filter(e -> e.crdName.equals(value)).findFirst();
    }

    public static String allowedValues() {
        return Arrays.stream(values()).map(KvConnectorType::crdName).collect(Collectors.joining(", "));
    }
}
