package io.llmrouter.domain.port;

import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.UpstreamCall;

/**
 * Sends one request to one engine pod and relays the answer into the sink. Implementations relay
 * 2xx–4xx responses as they arrive (streams event by event), hold back 5xx so the caller can retry,
 * and never throw for upstream or client failures: every outcome is a {@link ForwardResult}.
 */
public interface EngineGateway {

    ForwardResult forward(UpstreamCall call, ResponseSink sink);
}
