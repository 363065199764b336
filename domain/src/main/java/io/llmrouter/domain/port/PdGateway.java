package io.llmrouter.domain.port;

import io.llmrouter.domain.pd.PairCall;
import io.llmrouter.domain.pd.PairResult;

/**
 * Drives one prefill/decode pair through its KV connector's protocol: the prefill request, the
 * hand-off parameters, the decode request, whose answer is relayed into the sink exactly as
 * {@link EngineGateway} relays one (streams event by event, usage read, 5xx held back). Never throws
 * for upstream or client failures: every outcome is a {@link PairResult}.
 */
public interface PdGateway {

    PairResult forward(PairCall call, ResponseSink sink);
}
