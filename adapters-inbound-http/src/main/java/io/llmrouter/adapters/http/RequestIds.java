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
                .orElseGet(() -> UUID.randomUUID().toString());
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
