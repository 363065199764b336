package io.llmrouter.adapters.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import java.util.Optional;

/**
 * The errors Helidon answers itself, before any route runs (a malformed request line or header, too
 * long a URI, a header block past the parser's hard limit, see {@link HeaderLimits}): the same
 * OpenAI envelope as every other error of the router, instead of Helidon's empty 400. Helidon
 * passes on no cause for most of them (and its own text could quote what the client sent), so the
 * message says what can be said.
 */
public final class TransportErrors implements DirectHandler {

    private final int parserLimit;

    /** {@code parserLimit}: the header size limit Helidon's parser was given. */
    public TransportErrors(int parserLimit) {
        this.parserLimit = parserLimit;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        Answer answer = answer(eventType, status, message == null ? "" : message);
        byte[] body = OpenAiErrors.envelope(answer.message(), answer.type(), answer.code(), Optional.empty());
        return TransportResponse.builder()
                .status(answer.status())
                .headers(headers)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .entity(body)
                // The request was not understood, so what follows it on the connection cannot be either.
                .keepAlive(false)
                .build();
    }

    private record Answer(Status status, String type, String code, String message) {
    }

    private Answer answer(EventType eventType, Status status, String message) {
        int code = status.code();
        if (code >= 500) {
            return new Answer(status, "server_error", "internal_error",
                    "The router failed to process the request (" + status.reasonPhrase() + ").");
        }
        return new Answer(status, "invalid_request_error", code == 413 ? "payload_too_large" : "invalid_request",
                "The router could not read the request (" + status.reasonPhrase() + "): its request line or headers "
                + "are malformed, or the headers are larger than " + parserLimit + " bytes.");
    }
}
