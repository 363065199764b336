package io.llmrouter.adapters.engines.forward;

import java.util.Locale;
import java.util.Set;

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus those the router
 * recomputes itself; none of them is copied from one side of the proxy to the other.
 */
final class HopByHopHeaders {

    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
            // The router reads engine responses (usage, SSE events), so it asks for them uncompressed.
            "accept-encoding");

    private HopByHopHeaders() {
    }

    static boolean forwarded(String name) {
        return !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT));
    }
}
