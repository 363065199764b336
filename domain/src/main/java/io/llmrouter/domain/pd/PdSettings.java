package io.llmrouter.domain.pd;

/**
 * Router-wide choices for PD traffic that no CRD field carries.
 *
 * @param mooncakeTransferId   {@code mooncake} drives the modern vLLM MooncakeConnector handshake (a
 *                             router-minted {@code transfer_id} on both legs, decode parameters
 *                             synthesised) instead of Kthena's NIXL-style flow
 * @param sglangKthenaMode     {@code sglang} sends Kthena's prefill body ({@code stream} removed,
 *                             {@code max_tokens} 1, no {@code bootstrap_port}) instead of the same body
 *                             to both legs, for engines deployed behind Kthena
 * @param sglangBootstrapPort  the {@code bootstrap_port} sent to SGLang (its default is 8998)
 * @param decodeOnlyFallback   when every pair's prefill failed (5xx or unreachable), the best decode pod
 *                             computes the prompt itself rather than the request failing
 */
public record PdSettings(boolean mooncakeTransferId, boolean sglangKthenaMode, int sglangBootstrapPort,
                         boolean decodeOnlyFallback) {

    public static final int SGLANG_BOOTSTRAP_PORT = 8998;
    public static final PdSettings DEFAULT = new PdSettings(false, false, SGLANG_BOOTSTRAP_PORT, true);

    public PdSettings {
        if (sglangBootstrapPort < 1 || sglangBootstrapPort > 65535) {
            throw new IllegalArgumentException("'sglangBootstrapPort' must be 1..65535, was " + sglangBootstrapPort);
        }
    }
}
