package io.llmrouter.adapters.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.admission.AdmissionGate;
import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.application.inference.HandleInference;
import io.llmrouter.application.inference.InferenceOutcome;
import io.llmrouter.application.inference.RouterError;
import io.llmrouter.application.observe.ErrorType;
import io.llmrouter.application.observe.RequestObserver;
import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.application.observe.RequestTimings;
import io.llmrouter.domain.inference.ApiPath;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.tenancy.Authentication;
import io.llmrouter.domain.trace.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v1/*}: reads and checks the body once, hands the request to {@link HandleInference},
 * and answers the router's own refusals in the OpenAI error envelope. Every request, refused or
 * served, ends with one {@link RequestRecord} to the {@link RequestObserver} (metrics, access log),
 * timed on the injected {@link Ticker}.
 */
public final class OpenAiInferenceService implements HttpService {

    /** nginx's status for "the client closed the connection before the response": never sent, only logged. */
    static final int CLIENT_CLOSED_REQUEST = 499;
    /** Requests end in seconds or less at the median, so a place is likely free again within one. */
    private static final java.time.Duration OVERLOAD_RETRY_AFTER = java.time.Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(OpenAiInferenceService.class.getName());

    private final HandleInference handleInference;
    private final InboundSettings settings;
    private final RequestObserver observer;
    private final Ticker ticker;
    private final InternalErrors internalErrors;
    private final AdmissionGate gate;
    private final Optional<StalledWrites> stalledWrites;
    private final java.util.Optional<ClientConnectionWatch> connectionWatch = ClientConnectionWatch.shared();

    public OpenAiInferenceService(HandleInference handleInference, InboundSettings settings) {
        this(handleInference, settings, RequestObserver.NONE, System::nanoTime, InternalErrors.LOG_ONLY);
    }

    /** {@code ticker} must be the clock {@link HandleInference} stamps its attempts with. */
    public OpenAiInferenceService(HandleInference handleInference, InboundSettings settings, RequestObserver observer,
                                  Ticker ticker, InternalErrors internalErrors) {
        this(handleInference, settings, observer, ticker, internalErrors, AdmissionGate.unbounded(), Optional.empty());
    }

    /**
     * {@code gate} bounds the requests served at once and counts them for the shutdown drain;
     * {@code stalledWrites} disconnects clients that stop reading.
     */
    public OpenAiInferenceService(HandleInference handleInference, InboundSettings settings, RequestObserver observer,
                                  Ticker ticker, InternalErrors internalErrors, AdmissionGate gate,
                                  Optional<StalledWrites> stalledWrites) {
        this.gate = gate;
        this.stalledWrites = stalledWrites;
        this.handleInference = handleInference;
        this.settings = settings;
        this.observer = observer;
        this.ticker = ticker;
        this.internalErrors = internalErrors;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/*", this::infer);
    }

    /** Where the router's own bugs on this path are logged and counted. */
    public InternalErrors internalErrors() {
        return internalErrors;
    }

    private void infer(ServerRequest req, ServerResponse res) {
        long arrived = ticker.nanos();
        observer.started();
        String requestId = RequestIds.of(req);
        res.header(RequestIds.HEADER, requestId);
        String rawPath = req.path().absolute().rawPath();
        RequestRecord.Arrival arrival = new RequestRecord.Arrival(Instant.now(), requestId,
                req.prologue().method().text(), rawPath, req.prologue().protocol() + "/" + req.prologue().protocolVersion());
        java.util.Optional<AdmissionGate.Admission> admitted = gate.tryAdmit();
        if (admitted.isEmpty()) {
            // Refused before the body is read: the cost of an overload stays one small answer per request.
            RouterError full = RouterError.of(ErrorKind.OVERLOADED, "The router is serving its limit of "
                    + gate.maxConcurrent() + " concurrent requests (limits.maxConcurrentRequests); retry shortly.")
                    .withRetryAfter(OVERLOAD_RETRY_AFTER);
            OpenAiErrors.send(res, full);
            observer.completed(RequestRecord.refused(arrival, full, OpenAiErrors.status(full.kind()),
                    RequestTimings.of(arrived, 0, 0, 0, 0, ticker.nanos())));
            return;
        }
        try (AdmissionGate.Admission admission = admitted.get()) {
            infer(req, res, arrival, arrived, rawPath);
        } catch (ClientGone e) {
            observer.completed(RequestRecord.failed(arrival, ErrorType.CLIENT_DISCONNECTED, CLIENT_CLOSED_REQUEST,
                    "client disconnected while sending the body", RequestTimings.of(arrived, 0, 0, 0, 0, ticker.nanos())));
            throw e.cause;
        } catch (UncheckedIOException | CloseConnectionException e) {
            throw e; // the response was cut on purpose (or the client left): Helidon closes the connection
        } catch (RuntimeException e) {
            RouterError shown = internalErrors.occurred("inference", requestId, "POST " + rawPath, e);
            if (!res.isSent()) {
                OpenAiErrors.send(res, shown);
            }
            observer.completed(RequestRecord.failed(arrival, ErrorType.INTERNAL, 500, String.valueOf(e),
                    RequestTimings.of(arrived, 0, 0, 0, 0, ticker.nanos())));
        }
    }

    private void infer(ServerRequest req, ServerResponse res, RequestRecord.Arrival arrival, long arrived,
                       String rawPath) {
        InferenceRequest request;
        Span trace = TracingFilter.of(req);
        try (Span parse = trace.child("parse")) {
            request = read(req, arrival.requestId(), rawPath).withTrace(trace);
        } catch (RequestParser.InvalidRequest e) {
            if (e.error().kind() == ErrorKind.PATH_NOT_FOUND) {
                LOG.log(System.Logger.Level.WARNING, "request {0}: refused to forward path {1} (not a canonical /v1/ path)",
                        arrival.requestId(), rawPath);
            }
            OpenAiErrors.send(res, e.error());
            observer.completed(RequestRecord.refused(arrival, e.error(), OpenAiErrors.status(e.error().kind()),
                    RequestTimings.of(arrived, 0, 0, 0, 0, ticker.nanos())));
            return;
        }
        serve(request, arrival, arrived, req, res);
    }

    private void serve(InferenceRequest request, RequestRecord.Arrival arrival, long arrived, ServerRequest req,
                       ServerResponse res) {
        long parsed = ticker.nanos();
        // The body has been read: from here until the response starts, a client that hangs up is seen at once.
        ClientConnectionWatch.Watch watch = connectionWatch.map(w -> w.start(req)).orElse(ClientConnectionWatch.Watch.NONE);
        HelidonResponseSink sink = new HelidonResponseSink(res, request.requestId(), ticker, watch,
                stalledWrites.orElse(null));
        InferenceOutcome outcome;
        try {
            try {
                outcome = handleInference.handle(request, sink);
            } finally {
                watch.close(); // before any error or refusal is written below
            }
        } catch (RuntimeException e) {
            sink.release();
            RouterError shown = internalErrors.occurred("inference", request.requestId(), "POST " + request.path(), e);
            if (!sink.committed()) {
                OpenAiErrors.send(res, shown);
            }
            observer.completed(RequestRecord.failed(arrival, ErrorType.INTERNAL, 500, String.valueOf(e),
                    RequestTimings.of(arrived, parsed, 0, sink.startedNanos(), sink.firstByteNanos(), ticker.nanos())));
            if (sink.committed()) {
                // Half a response is on the wire: only closing the connection tells the client it is incomplete.
                throw new UncheckedIOException(new IOException("internal error after the response started", e));
            }
            return;
        }
        try {
            finish(outcome, request, sink, res);
        } finally {
            sink.release();
            RequestTimings timings = RequestTimings.of(arrived, parsed, outcome.trail().forwardStartNanos(),
                    sink.startedNanos(), sink.firstByteNanos(), ticker.nanos()).withQueue(outcome.trail().queueNanos());
            observer.completed(RequestRecord.of(arrival, request.model(), request.stream(), request.caller(), outcome,
                    status(outcome, sink), timings));
        }
    }

    private InferenceRequest read(ServerRequest req, String requestId, String rawPath) throws RequestParser.InvalidRequest {
        String path = ApiPath.canonical(rawPath).orElseThrow(() -> new RequestParser.InvalidRequest(RouterError.of(
                ErrorKind.PATH_NOT_FOUND, "No such endpoint: " + rawPath + ". The router forwards only OpenAI API paths "
                + "under /v1/, spelled without '.' or '..' segments, empty segments, encoded slashes or backslashes.")));
        String query = req.query().rawValue();
        if (!ApiPath.isForwardableQuery(query)) {
            throw new RequestParser.InvalidRequest(RouterError.of(ErrorKind.INVALID_REQUEST,
                    "The query string is not valid: use only RFC 3986 query characters and well-formed %XX escapes."));
        }
        checkContentType(req);
        byte[] body = readBody(req);
        ParsedBody parsed = RequestParser.parse(body, path);
        boolean debug = settings.decisionHeader()
                && req.headers().contains(HeaderNames.create(InboundSettings.DEBUG_REQUEST_HEADER));
        Authentication.Allowed caller = AuthFilter.of(req);
        return new InferenceRequest(requestId, path, query, parsed.model(), parsed.stream(),
                settings.identity().apply(headers(req), caller.principal(), caller.credentialHeader()), parsed.body(),
                parsed.prompt(), debug, Span.NONE, caller.principal(), parsed.maxOutputTokens());
    }

    /** The status the client got; a client that left before any was sent is logged as 499 (nginx's convention). */
    private static int status(InferenceOutcome outcome, HelidonResponseSink sink) {
        return switch (outcome) {
            case InferenceOutcome.Rejected rejected -> OpenAiErrors.status(rejected.error().kind());
            case InferenceOutcome.Relayed relayed -> relayed.result().status();
            case InferenceOutcome.Abandoned abandoned -> sink.committed() ? sink.status() : CLIENT_CLOSED_REQUEST;
        };
    }

    private static void finish(InferenceOutcome outcome, InferenceRequest request, HelidonResponseSink sink,
                               ServerResponse res) {
        switch (outcome) {
            case InferenceOutcome.Rejected rejected -> OpenAiErrors.send(res, rejected.error());
            case InferenceOutcome.Relayed relayed when !relayed.result().complete() && !request.stream() ->
                // A plain JSON body was cut short: closing the connection is the only honest signal left.
                throw new UncheckedIOException(new IOException("upstream response for request "
                        + request.requestId() + " ended early"));
            case InferenceOutcome.Relayed relayed -> sink.finish();
            case InferenceOutcome.Abandoned abandoned when !sink.committed() ->
                // Seen gone while waiting: nobody to answer, so Helidon just closes the connection (no 500 attempt).
                throw new CloseConnectionException("client of request " + request.requestId() + " disconnected");
            case InferenceOutcome.Abandoned abandoned -> sink.finish();
        }
    }

    private static void checkContentType(ServerRequest req) throws RequestParser.InvalidRequest {
        var contentType = req.headers().contentType();
        // A missing type is accepted (many scripts omit it); a declared non-JSON type is refused.
        if (contentType.isPresent() && !isJson(contentType.get())) {
            throw new RequestParser.InvalidRequest(RouterError.of(ErrorKind.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, was '" + contentType.get().text() + "'."));
        }
    }

    private static boolean isJson(HttpMediaType type) {
        String subtype = type.mediaType().subtype();
        return type.mediaType().type().equals("application") && (subtype.equals("json") || subtype.endsWith("+json"));
    }

    private byte[] readBody(ServerRequest req) throws RequestParser.InvalidRequest {
        long limit = settings.maxBodyBytes();
        if (req.headers().contentLength().orElse(0) > limit) {
            throw tooLarge(limit);
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = readAll(in, req.headers().contentLength(), limit);
        } catch (IOException e) {
            throw new ClientGone(new UncheckedIOException(e));
        } catch (UncheckedIOException e) {
            throw new ClientGone(e);
        } catch (RuntimeException e) {
            // Helidon reports a connection closed mid-body as its own unchecked exceptions.
            throw new ClientGone(new UncheckedIOException(new IOException("request body not received", e)));
        }
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        return body;
    }

    /**
     * The body, at most {@code limit + 1} bytes (one more says it is too large). With a
     * Content-Length it is read straight into one array of that size, not gathered in chunks and
     * copied; the stream is still read to its end, which Helidon needs to keep the connection.
     */
    private static byte[] readAll(InputStream in, java.util.OptionalLong contentLength, long limit) throws IOException {
        if (contentLength.isEmpty()) {
            return in.readNBytes((int) limit + 1);
        }
        int length = (int) contentLength.getAsLong();
        byte[] body = new byte[length];
        if (in.readNBytes(body, 0, length) < length) {
            throw new IOException("request body ended before its Content-Length of " + length + " bytes");
        }
        if (in.read() != -1) {
            throw new IOException("request body longer than its Content-Length of " + length + " bytes");
        }
        return body;
    }

    /** Reading the body failed: the client's connection broke, which is the client's doing, not a bug. */
    private static final class ClientGone extends RuntimeException {
        private final UncheckedIOException cause;

        ClientGone(UncheckedIOException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    private static RequestParser.InvalidRequest tooLarge(long limit) {
        return new RequestParser.InvalidRequest(RouterError.of(ErrorKind.PAYLOAD_TOO_LARGE,
                "The request body is larger than this router's limit of " + limit + " bytes."));
    }

    private static List<io.llmrouter.domain.inference.Header> headers(ServerRequest req) {
        List<io.llmrouter.domain.inference.Header> headers = new ArrayList<>();
        for (Header h : req.headers()) {
            if (!h.headerName().equals(HeaderNames.CONTENT_LENGTH)) {
                for (String v : h.allValues()) {
                    headers.add(new io.llmrouter.domain.inference.Header(h.name(), v));
                }
            }
        }
        return headers;
    }
}
