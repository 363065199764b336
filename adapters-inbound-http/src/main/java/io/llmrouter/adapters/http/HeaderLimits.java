package io.llmrouter.adapters.http;

import io.helidon.http.Header;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;

/**
 * A request's header block within {@code limits.maxHeaderBytes} and {@code limits.maxHeaderCount},
 * or 431 in the OpenAI envelope before any handler runs, on every listener. The byte count is the
 * block as sent, {@code name: value\r\n} per value, as nginx and Envoy count it.
 *
 * <p>Helidon's own parser limit is set {@link #PARSER_HEADROOM} times higher, as a hard stop for a
 * block too big to hold at all: Helidon answers that one with a bare 400 whose cause it does not
 * pass on, which {@link TransportErrors} puts in the envelope.
 */
public final class HeaderLimits implements Filter {

    /** Helidon's parser limit is this many times {@code maxHeaderBytes}. */
    public static final int PARSER_HEADROOM = 4;

    private final int maxBytes;
    private final int maxCount;

    public HeaderLimits(int maxBytes, int maxCount) {
        this.maxBytes = maxBytes;
        this.maxCount = maxCount;
    }

    /** What Helidon's HTTP/1 parser is given as its header size limit. */
    public static int parserLimit(int maxHeaderBytes) {
        return (int) Math.min(Integer.MAX_VALUE - 8, (long) maxHeaderBytes * PARSER_HEADROOM);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        int count = 0;
        long bytes = 0;
        for (Header h : req.headers()) {
            for (String value : h.allValues()) {
                count++;
                bytes += h.name().length() + 2 + value.length() + 2;
            }
        }
        if (bytes > maxBytes) {
            refuse(res, "The request's headers are " + bytes + " bytes; this router accepts at most " + maxBytes
                    + " (limits.maxHeaderBytes).");
        } else if (count > maxCount) {
            refuse(res, "The request has " + count + " headers; this router accepts at most " + maxCount
                    + " (limits.maxHeaderCount).");
        } else {
            chain.proceed();
        }
    }

    private static void refuse(RoutingResponse res, String message) {
        OpenAiErrors.send(res, 431, "invalid_request_error", "request_headers_too_large", message, Optional.empty());
    }
}
