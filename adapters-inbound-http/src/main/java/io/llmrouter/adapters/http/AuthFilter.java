package io.llmrouter.adapters.http;

import static java.util.Objects.requireNonNull;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.application.inference.RouterError;
import io.llmrouter.application.observe.RequestObserver;
import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.application.observe.RequestTimings;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.tenancy.Authentication;
import io.llmrouter.domain.tenancy.Authenticator;
import io.llmrouter.domain.tenancy.Principal;
import java.time.Instant;
import java.util.Optional;

/**
 * Authenticates every request under {@code /v1/} ({@code /v1/models} included) before any handler
 * runs. The verdict travels in the request context; a refusal is a 401 in the OpenAI envelope with
 * {@code WWW-Authenticate} (RFC 6750), counted and access-logged like every other refusal. The
 * credential itself is never logged, whatever happens.
 */
public final class AuthFilter implements Filter {

    static final HeaderName WWW_AUTHENTICATE = HeaderNames.create("WWW-Authenticate");
    private static final String CONTEXT_KEY = "io.llmrouter.caller";

    private final Authenticator authenticator;
    private final RequestObserver observer;
    private final Ticker ticker;

    public AuthFilter(Authenticator authenticator, RequestObserver observer, Ticker ticker) {
        this.authenticator = requireNonNull(authenticator, "'authenticator' must not be null");
        this.observer = requireNonNull(observer, "'observer' must not be null");
        this.ticker = requireNonNull(ticker, "'ticker' must not be null");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().absolute().rawPath();
        if (!path.startsWith("/v1/") && !path.equals("/v1")) {
            chain.proceed();
            return;
        }
        long arrived = ticker.nanos();
        Authentication verdict = authenticator.authenticate(name -> req.headers().first(HeaderNames.create(name)));
        switch (verdict) {
            case Authentication.Allowed allowed -> {
                req.context().register(CONTEXT_KEY, allowed);
                if (allowed.principal().authenticated()) {
                    // OpenTelemetry's names; the credential itself never goes into a span.
                    TracingFilter.of(req).attribute("enduser.id", allowed.principal().user())
                            .attribute("llm.tenant", allowed.principal().tenant());
                }
                chain.proceed();
            }
            case Authentication.Denied denied -> refuse(req, res, denied, arrived);
        }
    }

    private void refuse(RoutingRequest req, RoutingResponse res, Authentication.Denied denied, long arrived) {
        String requestId = RequestIds.of(req);
        res.header(RequestIds.HEADER, requestId);
        RouterError error = RouterError.of(ErrorKind.UNAUTHENTICATED, denied.message())
                .withHeader(WWW_AUTHENTICATE.defaultCase(), challenge(denied));
        OpenAiErrors.send(res, error);
        observer.started();
        RequestRecord.Arrival arrival = new RequestRecord.Arrival(Instant.now(), requestId,
                req.prologue().method().text(), req.path().absolute().rawPath(),
                req.prologue().protocol() + "/" + req.prologue().protocolVersion());
        observer.completed(RequestRecord.refused(arrival, error, OpenAiErrors.status(error.kind()),
                RequestTimings.of(arrived, 0, 0, 0, 0, ticker.nanos())));
    }

    /** RFC 6750 §3: no error code when nothing was presented, {@code invalid_token} when it was refused. */
    private static String challenge(Authentication.Denied denied) {
        return denied.invalidToken() ? "Bearer realm=\"llm-router\", error=\"invalid_token\"" : "Bearer realm=\"llm-router\"";
    }

    /** The caller of a request this filter let through; anonymous when authentication is off or not installed. */
    static Authentication.Allowed of(ServerRequest req) {
        return req.context().get(CONTEXT_KEY, Authentication.Allowed.class)
                .orElse(new Authentication.Allowed(Principal.ANONYMOUS, Optional.empty()));
    }
}
