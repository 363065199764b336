package io.llmrouter.adapters.http;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HttpException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.application.inference.RouterError;
import java.util.function.Consumer;

/**
 * What happens to a bug in the router (an exception nobody expected on a request path): the client
 * gets a 500 in the OpenAI envelope with its request id and no stack trace, the log gets the stack
 * trace once, tagged with the same id, and {@code counter} is told the listener's name (a metric to
 * alert on). One instance serves every listener.
 */
public final class InternalErrors {

    private static final System.Logger LOG = System.getLogger(InternalErrors.class.getName());
    public static final InternalErrors LOG_ONLY = new InternalErrors(listener -> { });

    private final Consumer<String> counter;

    public InternalErrors(Consumer<String> counter) {
        this.counter = requireNonNull(counter, "'counter' must not be null");
    }

    /** Logs and counts {@code error}; returns the error to show the client. */
    RouterError occurred(String listener, String requestId, String where, Throwable error) {
        LOG.log(System.Logger.Level.ERROR, "internal error on " + listener + " listener, request " + requestId
                + " (" + where + ")", error);
        try {
            counter.accept(listener);
        } catch (RuntimeException e) {
            // Counting must not turn one failure into two.
        }
        return RouterError.of(ErrorKind.INTERNAL, "The router failed unexpectedly while serving this request (request id "
                + requestId + "). This is a bug in the router; the log has the details under that id.");
    }

    /**
     * The listener's last-resort handler, for exceptions escaping any handler of its routing. Helidon's
     * own HTTP exceptions keep their status (a malformed request is not a router bug); anything else
     * is an internal error. A response already on the wire cannot change; closing the connection is
     * then the only signal left, which Helidon does when the handler does not answer.
     */
    void handle(String listener, ServerRequest req, ServerResponse res, RuntimeException error) {
        String requestId = res.headers().first(RequestIds.HEADER).orElseGet(() -> RequestIds.of(req));
        if (error instanceof HttpException http && http.status().code() < 500) {
            if (!res.isSent()) {
                OpenAiErrors.send(res, http.status().code(), "invalid_request_error", "invalid_request",
                        http.getMessage(), java.util.Optional.empty());
            }
            return;
        }
        RouterError shown = occurred(listener, requestId, req.prologue().method().text() + " "
                + req.path().absolute().rawPath(), error);
        if (!res.isSent()) {
            res.header(RequestIds.HEADER, requestId);
            OpenAiErrors.send(res, shown);
        }
    }
}
