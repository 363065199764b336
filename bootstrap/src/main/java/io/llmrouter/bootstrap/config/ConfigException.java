package io.llmrouter.bootstrap.config;

/** The router configuration is wrong; the message says where and how to fix it. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
