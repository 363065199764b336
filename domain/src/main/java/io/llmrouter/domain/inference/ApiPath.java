package io.llmrouter.domain.inference;

import java.util.Optional;

/**
 * The one rule for which request paths may reach an engine: only the OpenAI API under {@code /v1/},
 * in a single canonical spelling that the router, the engine and every proxy between them read the
 * same way.
 *
 * <p>Engines serve their own control endpoints next to the OpenAI ones (SGLang's
 * {@code /flush_cache}, {@code /generate}; vLLM's {@code /tokenize}), so a path that a server
 * decodes or normalises to something outside {@code /v1/} must never be forwarded. Rather than
 * normalise and hope every hop agrees, a path is accepted only when it needs no normalising:
 * <ul>
 *   <li>it starts with {@code /v1/} and has no empty, {@code .} or {@code ..} segment;</li>
 *   <li>after percent-decoding, each character is an RFC 3986 unreserved character or one of
 *       {@code :@}, so no encoded slash or backslash, no {@code %25} (double encoding), no
 *       control character or non-ASCII can hide a segment from one hop and show it to another;</li>
 *   <li>escapes are well formed.</li>
 * </ul>
 * The canonical form is the decoded path, which by the above contains nothing that needs encoding.
 */
public final class ApiPath {

    public static final String PREFIX = "/v1/";

    private ApiPath() {
    }

    /** The canonical path to forward for the raw (undecoded) request path, or empty when it must not reach an engine. */
    public static Optional<String> canonical(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        StringBuilder decoded = new StringBuilder(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                c = (char) (hi * 16 + lo);
                if (c == '/' || !allowedInSegment(c)) {
                    return Optional.empty();
                }
                i += 2;
            } else if (c != '/' && !allowedInSegment(c)) {
                return Optional.empty();
            }
            decoded.append(c);
        }
        String path = decoded.toString();
        return isCanonical(path) ? Optional.of(path) : Optional.empty();
    }

    /**
     * Whether a stream on this path ends with {@code data: [DONE]} when whole: OpenAI's chat and text
     * completions do, and vLLM, SGLang and TGI write it there. Other streams end otherwise (the
     * Responses API with {@code response.completed}, Anthropic's Messages with {@code message_stop}),
     * so only these can tell a stream the engine cut cleanly from a finished one.
     */
    public static boolean streamEndsWithDone(String path) {
        return path.equals("/v1/chat/completions") || path.equals("/v1/completions");
    }

    /** Whether {@code path} is already in the canonical form {@link #canonical} produces. */
    public static boolean isCanonical(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return false;
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end == start || (end - start == 1 && path.charAt(start) == '.')
                    || (end - start == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.')) {
                return false;
            }
            for (int i = start; i < end; i++) {
                if (!allowedInSegment(path.charAt(i))) {
                    return false;
                }
            }
            start = end + 1;
        }
        return true;
    }

    /**
     * Whether a raw query string (without {@code ?}) may be forwarded byte for byte: RFC 3986 query
     * characters and well-formed escapes only. The engine decodes it itself; the router never does.
     */
    public static boolean isForwardableQuery(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawQuery.length() || Character.digit(rawQuery.charAt(i + 1), 16) < 0
                        || Character.digit(rawQuery.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            } else if (!allowedInSegment(c) && "!$&'()*+,;=/?".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowedInSegment(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '@';
    }
}
