package io.llmrouter.adapters.engines.forward;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers of one message the router copies to the other side. Not copied: those that
 * describe one connection, not the message (RFC 9110 §7.6.1), the ones that message's own
 * {@code Connection} header names (the same section: a sender may make any field hop-by-hop by
 * naming it there, and a proxy must then drop it), and those the router recomputes itself.
 * One instance per message, built from that message's {@code Connection} values.
 */
final class HopByHopHeaders {

    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
            // The router reads engine responses (usage, SSE events), so it asks for them uncompressed.
            "accept-encoding");

    /** For a message without a {@code Connection} header. */
    static final HopByHopHeaders FIXED = new HopByHopHeaders(Set.of());

    private final Set<String> nominated;

    private HopByHopHeaders(Set<String> nominated) {
        this.nominated = nominated;
    }

    /** For a message whose {@code Connection} header lines carry {@code connectionValues} (comma lists). */
    static HopByHopHeaders of(Iterable<String> connectionValues) {
        Set<String> names = new HashSet<>();
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names.isEmpty() ? FIXED : new HopByHopHeaders(Set.copyOf(names));
    }

    boolean forwarded(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !NOT_FORWARDED.contains(lower) && !nominated.contains(lower);
    }

    /** Named by the message's {@code Connection} header: dropped even where the router would keep it otherwise. */
    boolean nominated(String name) {
        return nominated.contains(name.toLowerCase(Locale.ROOT));
    }
}
