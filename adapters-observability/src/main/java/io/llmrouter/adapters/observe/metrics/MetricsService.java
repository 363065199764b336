package io.llmrouter.adapters.observe.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /metrics} on the metrics listener: Prometheus text, or OpenMetrics when the scraper's
 * {@code Accept} header asks for {@code application/openmetrics-text} (Prometheus does by default).
 */
public final class MetricsService implements HttpService {

    private final PrometheusMetrics metrics;

    public MetricsService(PrometheusMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        String accept = req.headers().first(HeaderNames.ACCEPT).orElse(null);
        PrometheusMetrics.Exposition exposition = metrics.scrape(accept);
        res.header(HeaderNames.CONTENT_TYPE, exposition.contentType());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(exposition.body());
    }
}
