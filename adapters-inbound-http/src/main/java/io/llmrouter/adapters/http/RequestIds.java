package io.llmrouter.adapters.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.UUID;

/** The request id: the client's {@code x-request-id} when it sent a sane one, else a new UUID. */
final class RequestIds {

    static final HeaderName HEADER = HeaderNames.create("x-request-id");
    private static final int MAX_LENGTH = 200;

    private RequestIds() {
    }

    static String of(ServerRequest req) {
        return req.headers().first(HEADER)
                .filter(RequestIds::sane)
                .orElseGet(RequestIds::fresh);
    }

    /**
     * A random (version 4) UUID from {@link java.util.concurrent.ThreadLocalRandom}: an id must be
     * unique, not unguessable, and {@code UUID.randomUUID()} draws from the shared SecureRandom,
     * which every request thread then contends on.
     */
    static String fresh() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48; // IETF variant
        return new UUID(high, low).toString();
    }

    /** Ids end up in logs and upstream headers, so only printable ASCII of bounded length is kept. */
    private static boolean sane(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
