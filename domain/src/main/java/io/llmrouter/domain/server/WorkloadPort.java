package io.llmrouter.domain.server;

/** The engine port used for inference and {@code /metrics}; {@code protocol} is http or https. */
public record WorkloadPort(int port, String protocol) {

    public static final String DEFAULT_PROTOCOL = "http";

    public WorkloadPort {
        protocol = protocol == null || protocol.isBlank() ? DEFAULT_PROTOCOL : protocol;
    }
}
