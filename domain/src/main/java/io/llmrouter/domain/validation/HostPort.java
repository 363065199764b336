package io.llmrouter.domain.validation;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code host[:port]} address as written in documents: {@code 10.0.0.5:8000}, {@code gpu-1},
 * {@code [::1]:8000}. Parsing is shared by the Redis address check and static endpoints.
 */
public record HostPort(String host, OptionalInt port) {

    /** Parses {@code host[:port]}; an empty result means the text is not an address (see {@link #problem}). */
    public static Optional<HostPort> parse(String text) {
        return problem(text).isPresent() ? Optional.empty() : Optional.of(split(text.trim()));
    }

    /** What is wrong with the text as an address, said so it can be fixed; empty when it is fine. */
    public static Optional<String> problem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("is empty; write host:port, e.g. 10.0.0.5:8000");
        }
        String t = text.trim();
        if (t.contains("://") || t.contains("/")) {
            return Optional.of("'" + t + "' is a URL; write only host:port, e.g. 10.0.0.5:8000, without scheme or path");
        }
        if (t.startsWith("[") && t.indexOf(']') < 0) {
            return Optional.of("'" + t + "' opens an IPv6 bracket but does not close it; write [::1]:8000");
        }
        if (!t.startsWith("[") && t.chars().filter(c -> c == ':').count() > 1) {
            return Optional.of("'" + t + "' looks like a bare IPv6 address; put it in brackets, e.g. [" + t + "]:8000");
        }
        HostPort hp = split(t);
        if (hp.host.isEmpty()) {
            return Optional.of("'" + t + "' has no host; write host:port, e.g. 10.0.0.5:8000");
        }
        return portProblem(t);
    }

    /** Like {@link #problem} but the port must be present, as for a Redis address. */
    public static Optional<String> problemRequiringPort(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            return problem;
        }
        return split(text.trim()).port.isPresent() ? Optional.empty()
                : Optional.of("'" + text.trim() + "' has no port; write host:port, e.g. " + text.trim() + ":6379");
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port.isPresent() ? h + ":" + port.getAsInt() : h;
    }

    private static Optional<String> portProblem(String t) {
        String portText = portText(t);
        if (portText == null) {
            return Optional.empty();
        }
        if (!portText.matches("[0-9]{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
            return Optional.of("'" + t + "' has port '" + portText + "'; use a number from 1 to 65535");
        }
        return Optional.empty();
    }

    /** The text after the host's colon, or null when there is no port. */
    private static String portText(String t) {
        int close = t.startsWith("[") ? t.indexOf(']') : -1;
        int colon = t.indexOf(':', Math.max(close, 0));
        if (close >= 0 && colon != close + 1) {
            return null;
        }
        return colon < 0 ? null : t.substring(colon + 1);
    }

    private static HostPort split(String t) {
        String portText = portText(t);
        String hostPart = portText == null ? t : t.substring(0, t.length() - portText.length() - 1);
        if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
            hostPart = hostPart.substring(1, hostPart.length() - 1);
        }
        boolean numeric = portText != null && portText.matches("[0-9]{1,5}");
        return new HostPort(hostPart, numeric ? OptionalInt.of(Integer.parseInt(portText)) : OptionalInt.empty());
    }
}
