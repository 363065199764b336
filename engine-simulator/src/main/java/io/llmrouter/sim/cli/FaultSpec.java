package io.llmrouter.sim.cli;

import io.llmrouter.sim.FaultInjector;
import java.time.Duration;

/**
 * Applies a comma-separated fault specification to an instance:
 * {@code error-rate=FRACTION:STATUS}, {@code latency=DURATION:FRACTION}, {@code cut-stream=N},
 * {@code metrics-delay=DURATION}, {@code metrics-failure}, {@code refuse}. Durations are
 * {@code 300ms}, {@code 2s} or {@code 1.5s}.
 */
public final class FaultSpec {

    private FaultSpec() {
    }

    public static void apply(String spec, FaultInjector faults) {
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (String item : spec.split(",")) {
            String[] keyValue = item.strip().split("=", 2);
            String value = keyValue.length == 2 ? keyValue[1] : "";
            switch (keyValue[0]) {
                case "error-rate" -> faults.errorRate(Double.parseDouble(part(value, 0, item)),
                    Integer.parseInt(part(value, 1, item)));
                case "latency" -> faults.latencySpike(duration(part(value, 0, item)),
                    Double.parseDouble(part(value, 1, item)));
                case "cut-stream" -> faults.cutStreamAfter(Integer.parseInt(value));
                case "metrics-delay" -> faults.metricsDelay(duration(value));
                case "metrics-failure" -> faults.metricsFailure(true);
                case "refuse" -> faults.refuseConnections(true);
                default -> throw new IllegalArgumentException("unknown fault '" + keyValue[0] + "' (allowed: "
                    + "error-rate, latency, cut-stream, metrics-delay, metrics-failure, refuse)");
            }
        }
    }

    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofNanos((long) (Double.parseDouble(text.substring(0, text.length() - 2)) * 1e6));
        }
        if (text.endsWith("s")) {
            return Duration.ofNanos((long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 1e9));
        }
        throw new IllegalArgumentException("duration needs a unit (ms or s): '" + text + "'");
    }

    private static String part(String value, int index, String item) {
        String[] parts = value.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("fault '" + item + "' needs two values separated by ':'");
        }
        return parts[index];
    }
}
