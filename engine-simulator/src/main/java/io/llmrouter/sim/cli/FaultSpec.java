package io.llmrouter.sim.cli;

import io.llmrouter.sim.FaultInjector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A comma-separated fault specification: {@code error-rate=FRACTION:STATUS},
 * {@code latency=DURATION:FRACTION}, {@code cut-stream=N}, {@code metrics-delay=DURATION},
 * {@code metrics-failure}, {@code refuse}. Durations are {@code 300ms}, {@code 2s} or {@code 1.5s}.
 * {@link #parse} checks every value while the command line is read, before any port is bound, so a
 * wrong value is a usage error (exit 2) with the allowed forms, never a stack trace from a running server.
 */
public final class FaultSpec {

    static final String ALLOWED = "error-rate=FRACTION:STATUS (fraction 0..1, status 400..599),"
            + " latency=DURATION:FRACTION, cut-stream=N (N >= 0), metrics-delay=DURATION, metrics-failure, refuse;"
            + " durations like 300ms or 2s; comma-separated, e.g. error-rate=0.1:503,latency=300ms:0.5";

    private final List<Consumer<FaultInjector>> steps;

    private FaultSpec(List<Consumer<FaultInjector>> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The specification, every value checked; an {@link IllegalArgumentException} names the bad item. */
    public static FaultSpec parse(String spec) {
        List<Consumer<FaultInjector>> steps = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return new FaultSpec(steps);
        }
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            try {
                steps.add(step(item));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--faults: '" + item + "': " + e.getMessage() + " (allowed: "
                        + ALLOWED + ")");
            }
        }
        return new FaultSpec(steps);
    }

    /** Parses {@code spec} and applies it to one instance. */
    public static void apply(String spec, FaultInjector faults) {
        parse(spec).applyTo(faults);
    }

    public void applyTo(FaultInjector faults) {
        steps.forEach(step -> step.accept(faults));
    }

    private static Consumer<FaultInjector> step(String item) {
        String[] keyValue = item.split("=", 2);
        String value = keyValue.length == 2 ? keyValue[1].strip() : "";
        return switch (keyValue[0].strip()) {
            case "error-rate" -> {
                double fraction = fraction(part(value, 0));
                int status = integer(part(value, 1), "the status");
                if (status < 400 || status > 599) {
                    throw new IllegalArgumentException("the status must be a 4xx or 5xx code, got " + status);
                }
                yield f -> f.errorRate(fraction, status);
            }
            case "latency" -> {
                Duration delay = duration(part(value, 0));
                double fraction = fraction(part(value, 1));
                yield f -> f.latencySpike(delay, fraction);
            }
            case "cut-stream" -> {
                int events = integer(value, "the event count");
                if (events < 0) {
                    throw new IllegalArgumentException("the event count must be 0 or more, got " + events);
                }
                yield f -> f.cutStreamAfter(events);
            }
            case "metrics-delay" -> {
                Duration delay = duration(value);
                yield f -> f.metricsDelay(delay);
            }
            case "metrics-failure" -> f -> f.metricsFailure(true);
            case "refuse" -> f -> f.refuseConnections(true);
            default -> throw new IllegalArgumentException("unknown fault '" + keyValue[0].strip() + "'");
        };
    }

    static Duration duration(String text) {
        try {
            Duration d;
            if (text.endsWith("ms")) {
                d = Duration.ofNanos((long) (Double.parseDouble(text.substring(0, text.length() - 2)) * 1e6));
            } else if (text.endsWith("s")) {
                d = Duration.ofNanos((long) (Double.parseDouble(text.substring(0, text.length() - 1)) * 1e9));
            } else {
                throw new NumberFormatException();
            }
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 300ms or 2s");
        }
    }

    private static double fraction(String text) {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("the fraction must be a number from 0 to 1, got '" + text + "'");
        }
        return value;
    }

    private static int integer(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number, got '" + text + "'");
        }
    }

    private static String part(String value, int index) {
        String[] parts = value.split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("needs two values separated by ':'");
        }
        return parts[index].strip();
    }
}
