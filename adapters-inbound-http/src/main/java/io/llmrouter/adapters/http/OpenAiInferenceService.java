package io.llmrouter.adapters.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.application.inference.HandleInference;
import io.llmrouter.application.inference.InferenceOutcome;
import io.llmrouter.application.inference.RouterError;
import io.llmrouter.domain.inference.InferenceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/*}: reads and checks the body once, hands the request to {@link HandleInference},
 * and answers the router's own refusals in the OpenAI error envelope.
 */
public final class OpenAiInferenceService implements HttpService {

    private final HandleInference handleInference;
    private final InboundSettings settings;

    public OpenAiInferenceService(HandleInference handleInference, InboundSettings settings) {
        this.handleInference = handleInference;
        this.settings = settings;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/*", this::infer);
    }

    private void infer(ServerRequest req, ServerResponse res) {
        String requestId = RequestIds.of(req);
        res.header(RequestIds.HEADER, requestId);
        String path = req.path().absolute().path();
        InferenceRequest request;
        try {
            checkContentType(req);
            byte[] body = readBody(req);
            ParsedBody parsed = RequestParser.parse(body, path);
            boolean debug = settings.decisionHeader()
                    && req.headers().contains(HeaderNames.create(InboundSettings.DEBUG_REQUEST_HEADER));
            request = new InferenceRequest(requestId, path, parsed.model(), parsed.stream(), headers(req), parsed.body(),
                    parsed.prompt(), debug);
        } catch (RequestParser.InvalidRequest e) {
            OpenAiErrors.send(res, e.error());
            return;
        }
        HelidonResponseSink sink = new HelidonResponseSink(res, requestId);
        InferenceOutcome outcome = handleInference.handle(request, sink);
        finish(outcome, request, sink, res);
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
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) limit + 1);
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
