package io.llmrouter.sim;

import io.llmrouter.sim.http.RequestCounters;

/**
 * The simulator's own {@code /metrics} families for a decode-role instance (no engine exports
 * these under one name; they let tests and benchmarks see whether the router's KV hand-off worked):
 * requests whose prompt KV arrived from a prefill instance, and those the instance had to recompute
 * because the request came without valid transfer parameters.
 */
final class PdMetrics {

    private PdMetrics() {
    }

    static String render(RequestCounters counters) {
        return "# HELP sim_pd_kv_transfers_total Decode requests whose prompt KV came from a prefill instance.\n"
                + "# TYPE sim_pd_kv_transfers_total counter\n"
                + "sim_pd_kv_transfers_total " + counters.kvTransfers() + "\n"
                + "# HELP sim_pd_prefill_recomputed_total Decode requests without valid KV transfer parameters, "
                + "whose prompt was recomputed here.\n"
                + "# TYPE sim_pd_prefill_recomputed_total counter\n"
                + "sim_pd_prefill_recomputed_total " + counters.prefillsRecomputed() + "\n";
    }
}
