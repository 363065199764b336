package io.llmrouter.bootstrap.config;

/** Where one listener binds. Port 0 picks a free port (tests). */
public record ListenerConfig(String host, int port) {

    public ListenerConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("listener port must be 0..65535, was " + port);
        }
        if (host == null || host.isBlank()) {
            throw new ConfigException("listener host must not be empty");
        }
    }

    public ListenerConfig withPort(int newPort) {
        return new ListenerConfig(host, newPort);
    }
}
