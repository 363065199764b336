package io.llmrouter.bootstrap.config;

/**
 * Debug switches: {@code decisionHeader} returns the scheduling decision in a response header to
 * requests that ask for it (off by default: it reveals pod names); {@code decisionLogSize} is how
 * many recent decisions {@code /debug/decisions} keeps.
 */
public record DebugConfig(boolean decisionHeader, int decisionLogSize) {

    public static final DebugConfig DEFAULT = new DebugConfig(false, 256);

    public DebugConfig {
        if (decisionLogSize < 1) {
            throw new ConfigException("debug.decisionLogSize must be >= 1, was " + decisionLogSize);
        }
    }
}
