package io.llmrouter.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.sim.EngineRole;
import io.llmrouter.sim.core.FinishReason;

/**
 * How a request runs under prefill/decode disaggregation (engines.md, issue item 4).
 *
 * <ul>
 *   <li>vLLM ({@code kv_transfer_params}): a request with {@code do_remote_decode=true}, or any
 *       request on a PREFILL instance, runs with max_tokens 1 and its response carries the
 *       parameters the decode instance needs ({@code do_remote_prefill=true},
 *       {@code remote_block_ids}, {@code remote_engine_id}, {@code remote_host},
 *       {@code remote_port}). A request with {@code do_remote_prefill=true} on a non-PREFILL
 *       instance waits for the KV transfer and skips its prefill.</li>
 *   <li>SGLang ({@code bootstrap_room}): PREFILL and DECODE instances require it; PREFILL
 *       generates one token, DECODE waits for the transfer and skips prefill.</li>
 * </ul>
 *
 * @param request        the request, with max_tokens possibly forced to 1
 * @param kvTransferred  the prompt's KV comes from a prefill instance
 * @param returnKvParams the response must carry {@code kv_transfer_params}
 */
record PdPlan(ParsedRequest request, boolean kvTransferred, boolean returnKvParams) {

    /**
     * As {@link #vllm(EngineRole, ParsedRequest)}, and what a decode instance does without valid
     * transfer parameters: it loads the prompt from the {@link SharedKvStore} when a prefill instance
     * put it there (LMCache, the {@code http} connector), else recomputes it, counted in
     * {@code counters} (and so in its {@code /metrics}). Valid parameters are NIXL's
     * ({@code do_remote_prefill} with {@code remote_engine_id} and {@code remote_block_ids}) or the
     * Mooncake handshake's ({@code do_remote_prefill} with {@code transfer_id} and
     * {@code remote_bootstrap_addr}).
     */
    static PdPlan vllm(EngineRole role, ParsedRequest request, RequestCounters counters) {
        PdPlan plan = vllm(role, request);
        if (role == EngineRole.PREFILL) {
            SharedKvStore.put(request.model(), request.prompt());
            return plan;
        }
        if (role != EngineRole.DECODE) {
            return plan;
        }
        if (plan.kvTransferred() && validParams(request.kvTransfer())) {
            counters.kvTransfers.incrementAndGet();
            return plan;
        }
        if (SharedKvStore.contains(request.model(), request.prompt())) {
            counters.kvTransfers.incrementAndGet();
            return new PdPlan(request, true, false);
        }
        counters.prefillsRecomputed.incrementAndGet();
        return new PdPlan(request, false, false);
    }

    private static boolean validParams(JsonNode p) {
        boolean nixl = p.path("remote_engine_id").isTextual() && p.path("remote_block_ids").isArray();
        boolean mooncake = p.path("transfer_id").isTextual() && p.path("remote_bootstrap_addr").isTextual();
        return nixl || mooncake;
    }

    /** As {@link #sglang(EngineRole, ParsedRequest)}, counting a decode instance's transfers. */
    static PdPlan sglang(EngineRole role, ParsedRequest request, RequestCounters counters) {
        PdPlan plan = sglang(role, request);
        if (role == EngineRole.DECODE) {
            counters.kvTransfers.incrementAndGet();
        }
        return plan;
    }

    static PdPlan vllm(EngineRole role, ParsedRequest request) {
        JsonNode params = request.kvTransfer();
        boolean remoteDecode = params != null && params.path("do_remote_decode").asBoolean(false);
        boolean remotePrefill = params != null && params.path("do_remote_prefill").asBoolean(false);
        if (role == EngineRole.PREFILL || remoteDecode) {
            return new PdPlan(request.withMaxTokens(1, FinishReason.LENGTH), false, true);
        }
        return new PdPlan(request, remotePrefill, false);
    }

    static PdPlan sglang(EngineRole role, ParsedRequest request) {
        if (role == EngineRole.BOTH) {
            return new PdPlan(request, false, false);
        }
        if (request.bootstrapRoom() == null) {
            throw new ApiException(400, "bootstrap_room is required on a " + role.name().toLowerCase() + " server");
        }
        return role == EngineRole.PREFILL
            ? new PdPlan(request.withMaxTokens(1, FinishReason.LENGTH), false, false)
            : new PdPlan(request, true, false);
    }
}
