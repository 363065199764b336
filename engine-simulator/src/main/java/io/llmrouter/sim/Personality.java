package io.llmrouter.sim;

import io.helidon.webserver.http.HttpRouting;
import io.llmrouter.sim.core.EngineCore;
import io.llmrouter.sim.core.EngineSnapshot;
import io.llmrouter.sim.http.RequestCounters;
import io.llmrouter.sim.http.ServingContext;
import io.llmrouter.sim.http.SglangRoutes;
import io.llmrouter.sim.http.TgiRoutes;
import io.llmrouter.sim.http.VllmRoutes;
import io.llmrouter.sim.metrics.SglangMetrics;
import io.llmrouter.sim.metrics.TgiMetrics;
import io.llmrouter.sim.metrics.VllmMetrics;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * What differs between vLLM, SGLang and TGI: the HTTP routes and the {@code /metrics} text.
 * The engine core underneath is the same.
 *
 * @param routes        registers the engine's routes
 * @param renderMetrics renders {@code /metrics} from the core and a (possibly overridden) snapshot; called
 *                      under the engine lock
 */
record Personality(BiConsumer<HttpRouting.Builder, ServingContext> routes,
                   BiFunction<EngineCore, EngineSnapshot, String> renderMetrics) {

    void routes(HttpRouting.Builder routing, ServingContext context) {
        routes.accept(routing, context);
    }

    /** Renders with the snapshot adjusted by the current {@link LoadOverride}. */
    String renderMetrics(EngineCore core, LoadOverride override) {
        return renderMetrics.apply(core, override.apply(core.snapshot()));
    }

    /** Builds the personality for {@code options.engine()} and registers its metrics on the core. */
    static Personality of(EngineOptions options, EngineCore core, RequestCounters counters) {
        return switch (options.engine()) {
            case VLLM -> vllm(options, core);
            case SGLANG -> sglang(options, core);
            case TGI -> tgi(options, core, counters);
        };
    }

    private static Personality sglang(EngineOptions options, EngineCore core) {
        String engineType = switch (options.role()) {
            case BOTH -> "unified";
            case PREFILL -> "prefill";
            case DECODE -> "decode";
        };
        SglangMetrics metrics = new SglangMetrics(options.model(), engineType, options.profile());
        core.addObserver(metrics);
        return new Personality(SglangRoutes::configure, (c, snapshot) -> {
            StringBuilder out = new StringBuilder(8192);
            metrics.render(out, snapshot);
            return out.toString();
        });
    }

    /** TGI's request counters live in the HTTP layer, so the renderer needs them passed in. */
    private static Personality tgi(EngineOptions options, EngineCore core, RequestCounters counters) {
        TgiMetrics metrics = new TgiMetrics(options.profile());
        core.addObserver(metrics);
        return new Personality(TgiRoutes::configure, (c, snapshot) -> {
            StringBuilder out = new StringBuilder(16_384);
            metrics.render(out, counters.received(), counters.failed(), snapshot.running(), snapshot.waiting());
            return out.toString();
        });
    }

    private static Personality vllm(EngineOptions options, EngineCore core) {
        VllmMetrics metrics = new VllmMetrics(options.model(), options.profile(), options.maxLoras(),
            !options.loras().isEmpty());
        core.addObserver(metrics);
        return new Personality(VllmRoutes::configure, (c, snapshot) -> {
            metrics.recordLoraState(snapshot, c.clock().unixSeconds());
            StringBuilder out = new StringBuilder(32_768);
            metrics.render(out, snapshot, options.legacyMetricNames());
            return out.toString();
        });
    }
}
