package io.llmrouter.domain.route;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A ModelRoute's token rate limit: input and/or output tokens per unit; a Redis address makes it
 * global (shared by every router replica). Enforcement comes with the rate-limit issue; the spec
 * is parsed and validated now so documents written for Kthena load unchanged.
 */
public record RateLimitSpec(OptionalInt inputTokensPerUnit, OptionalInt outputTokensPerUnit, Unit unit,
                            Optional<String> globalRedisAddress) {

    public RateLimitSpec {
        requireNonNull(inputTokensPerUnit, "'inputTokensPerUnit' must not be null");
        requireNonNull(outputTokensPerUnit, "'outputTokensPerUnit' must not be null");
        requireNonNull(unit, "'unit' must not be null");
        requireNonNull(globalRedisAddress, "'globalRedisAddress' must not be null");
    }

    /** The CRD's units; a month is 30 days, as in Kthena. */
    public enum Unit {
        SECOND("second", Duration.ofSeconds(1)),
        MINUTE("minute", Duration.ofMinutes(1)),
        HOUR("hour", Duration.ofHours(1)),
        DAY("day", Duration.ofDays(1)),
        MONTH("month", Duration.ofDays(30));

        private final String crdName;
        private final Duration length;

        Unit(String crdName, Duration length) {
            this.crdName = crdName;
            this.length = length;
        }

        public String crdName() {
            return crdName;
        }

        public Duration length() {
            return length;
        }

        public static Optional<Unit> fromCrd(String value) {
            for (Unit u : values()) {
                if (u.crdName.equals(value)) {
                    return Optional.of(u);
                }
            }
            return Optional.empty();
        }
    }
}
