package io.llmrouter.domain.inference;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.tenancy.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the router tells the rest of the path about the caller, through request headers that a
 * ModelRoute's header match can read (route premium users to a bigger model) and engines may log.
 * Each configured header gets its value from the {@link Principal}: {@code tenant}, {@code user},
 * {@code tier} or {@code claim:<name>} (a JWT claim). A client's own value of such a header is
 * always dropped first: otherwise anyone could claim a tier by sending the header. The credential's
 * header is dropped too unless {@code forwardCredentials}: engines must not see the caller's key.
 */
public final class IdentityHeaders {

    public static final IdentityHeaders NONE = new IdentityHeaders(Map.of(), false);

    /** header name (lower case) to its source. */
    private final Map<String, String> sources;
    private final boolean forwardCredentials;

    public IdentityHeaders(Map<String, String> sources, boolean forwardCredentials) {
        Map<String, String> lower = new LinkedHashMap<>();
        sources.forEach((header, source) -> {
            checkSource(header, requireNonNull(source, "'source' must not be null"));
            lower.put(header.toLowerCase(Locale.ROOT), source);
        });
        this.sources = java.util.Collections.unmodifiableMap(lower);
        this.forwardCredentials = forwardCredentials;
    }

    private static void checkSource(String header, String source) {
        boolean known = source.equals("tenant") || source.equals("user") || source.equals("tier")
                || source.startsWith("claim:") && source.length() > "claim:".length();
        if (!known) {
            throw new IllegalArgumentException("header " + header + ": source must be tenant, user, tier or "
                    + "claim:<name>, was '" + source + "'");
        }
    }

    public Map<String, String> sources() {
        return sources;
    }

    public boolean forwardCredentials() {
        return forwardCredentials;
    }

    /** The headers to forward: the client's, without spoofed identity or (unless allowed) the credential, plus the caller's identity. */
    public List<Header> apply(List<Header> received, Principal caller, Optional<String> credentialHeader) {
        List<Header> out = new ArrayList<>(received.size() + sources.size());
        for (Header h : received) {
            String name = h.name().toLowerCase(Locale.ROOT);
            boolean credential = credentialHeader.isPresent() && !forwardCredentials
                    && name.equals(credentialHeader.get());
            if (!credential && !sources.containsKey(name)) {
                out.add(h);
            }
        }
        if (!caller.authenticated()) {
            return out;
        }
        sources.forEach((header, source) -> value(caller, source).ifPresent(v -> out.add(new Header(header, v))));
        return out;
    }

    private static Optional<String> value(Principal caller, String source) {
        return switch (source) {
            case "tenant" -> Optional.of(caller.tenant());
            case "user" -> Optional.of(caller.user());
            case "tier" -> caller.tier();
            default -> Optional.ofNullable(caller.claims().get(source.substring("claim:".length())));
        };
    }
}
