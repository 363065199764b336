package io.llmrouter.domain.pd;

import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.KvConnectorType;
import io.llmrouter.domain.server.ModelServer;

/**
 * How the KV cache of a prefilled request reaches its decode pod, which decides the two requests
 * the router sends (the adapter writes the bodies). Chosen as Kthena does
 * ({@code router.getKVConnector}): {@code spec.kvConnector.type} when set, else {@link #SGLANG} for
 * an SGLang ModelServer, else {@link #HTTP}.
 */
public enum KvConnector {
    /** Prefill with the token limit 1, wait for 2xx, then decode with the original body. */
    HTTP("http"),
    /** As {@link #HTTP}: LMCache moves the KV itself (shared storage or P2P, configured on the engines). */
    LMCACHE("lmcache"),
    /** vLLM NixlConnector: {@code kv_transfer_params} asked of the prefill and copied verbatim to the decode. */
    NIXL("nixl"),
    /** Kthena's flow: as {@link #NIXL}; or the modern vLLM {@code transfer_id} handshake when configured. */
    MOONCAKE("mooncake"),
    /** SGLang: both legs at once, joined by {@code bootstrap_host/port/room}. */
    SGLANG("sglang");

    private final String wireName;

    KvConnector(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The connector for {@code server}'s PD traffic. */
    public static KvConnector of(ModelServer server) {
        if (server.kvConnector().isPresent()) {
            return switch (server.kvConnector().get()) {
                case HTTP -> HTTP;
                case LMCACHE -> LMCACHE;
                case NIXL -> NIXL;
                case MOONCAKE -> MOONCAKE;
            };
        }
        return server.engine() == InferenceEngine.SGLANG ? SGLANG : HTTP;
    }

    public static KvConnector of(KvConnectorType type) {
        return switch (type) {
            case HTTP -> HTTP;
            case LMCACHE -> LMCACHE;
            case NIXL -> NIXL;
            case MOONCAKE -> MOONCAKE;
        };
    }
}
