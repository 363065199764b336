package io.llmrouter.sim;

import io.helidon.webserver.http.HttpRouting;
import io.llmrouter.sim.core.EngineCore;
import io.llmrouter.sim.http.ServingContext;
import io.llmrouter.sim.http.VllmRoutes;
import io.llmrouter.sim.metrics.VllmMetrics;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What differs between vLLM, SGLang and TGI: the HTTP routes and the {@code /metrics} text.
 * The engine core underneath is the same.
 *
 * @param routes        registers the engine's routes
 * @param renderMetrics renders {@code /metrics}; called under the engine lock
 */
record Personality(BiConsumer<HttpRouting.Builder, ServingContext> routes,
                   Function<EngineCore, String> renderMetrics) {

    void routes(HttpRouting.Builder routing, ServingContext context) {
        routes.accept(routing, context);
    }

    String renderMetrics(EngineCore core) {
        return renderMetrics.apply(core);
    }

    /** Builds the personality for {@code options.engine()} and registers its metrics on the core. */
    static Personality of(EngineOptions options, EngineCore core) {
        return switch (options.engine()) {
            case VLLM -> vllm(options, core);
            case SGLANG, TGI -> throw new UnsupportedOperationException(options.engine() + " is not built yet");
        };
    }

    private static Personality vllm(EngineOptions options, EngineCore core) {
        VllmMetrics metrics = new VllmMetrics(options.model(), options.profile(), options.maxLoras());
        core.addObserver(metrics);
        return new Personality(VllmRoutes::configure, c -> {
            metrics.recordLoraState(c.snapshot(), c.clock().unixSeconds());
            StringBuilder out = new StringBuilder(32_768);
            metrics.render(out, c.snapshot(), options.legacyMetricNames());
            return out.toString();
        });
    }
}
