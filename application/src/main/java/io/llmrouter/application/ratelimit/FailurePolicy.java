package io.llmrouter.application.ratelimit;

/** What limits do while their shared store is unreachable. Neither ever answers 5xx. */
public enum FailurePolicy {
    /** Limit in this process instead, each replica taking its share of the limit (the default). */
    FAIL_OPEN("failOpen"),
    /** Refuse what the shared limit covers with 429 until the store answers again. */
    FAIL_CLOSED("failClosed");

    private final String configName;

    FailurePolicy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static java.util.Optional<FailurePolicy> named(String name) {
        for (FailurePolicy p : values()) {
            if (p.configName.equals(name)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }
}
