package io.llmrouter.adapters.tracing;

import java.util.Optional;

/**
 * A W3C Trace Context {@code traceparent} value: {@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}.
 *
 * <p>Parsing follows the spec's rules for a receiver: lower-case hex only, all-zero ids and version
 * {@code ff} are invalid, and a higher version is read by its first four fields when followed by
 * {@code -} or the end (forward compatibility). Anything else is malformed: the caller then starts a
 * new trace instead of joining a broken one.
 */
record TraceParent(String traceId, String spanId, boolean sampled) {

    private static final int V0_LENGTH = 55;
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    static Optional<TraceParent> parse(String header) {
        String h = header == null ? "" : header.trim();
        if (h.length() < V0_LENGTH || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
            return Optional.empty();
        }
        String version = h.substring(0, 2);
        if (!isHex(version) || version.equals("ff")
                || (version.equals("00") ? h.length() != V0_LENGTH : h.length() > V0_LENGTH && h.charAt(V0_LENGTH) != '-')) {
            return Optional.empty();
        }
        String traceId = h.substring(3, 35);
        String spanId = h.substring(36, 52);
        String flags = h.substring(53, 55);
        if (!isHex(traceId) || !isHex(spanId) || !isHex(flags) || traceId.equals(ZERO_TRACE) || spanId.equals(ZERO_SPAN)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(traceId, spanId, (Integer.parseInt(flags, 16) & 1) == 1));
    }

    /** Always written as version 00, whatever version was received, as the spec asks of a participant. */
    String header() {
        return "00-" + traceId + "-" + spanId + (sampled ? "-01" : "-00");
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
