package io.llmrouter.bench.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRowTest {

    @Test
    void kthenaTable_blogOrder_sixRows() {
        assertEquals(List.of("Least Request + KVCacheAware", "Least Request + Prefix Cache", "Random", "Least Request",
                "GPU Usage", "Least Latency"), PluginRow.kthenaTable().stream().map(PluginRow::label).toList());
    }

    @Test
    void schedulerYaml_twoScorers_kthenaSchemaWithoutFilters() {
        String yaml = new PluginRow("x", List.of("least-request", "prefix-cache")).schedulerYaml("500ms");
        assertEquals("""
                engineMetrics:
                  scrapeInterval: 500ms
                scheduler:
                  plugins:
                    Score:
                      enabled:
                        - {name: least-request, weight: 1}
                        - {name: prefix-cache, weight: 1}
                """, yaml);
    }

    @Test
    void ofBlog_divisorEight_everythingScaledTogether() {
        RoutingScale scale = RoutingScale.ofBlog(8, 8, 64, 2);
        // 256 / 8 groups, 800 / 8 req/s, 300 / 8 ≈ 38 clients, 61,440 / 8 KV blocks
        assertEquals(new RoutingScale(32, 8, 100, 38, 7680, 64, 2), scale);
        assertEquals(256, scale.requests());
        assertTrue(scale.describe().contains("blog 256 × 32"));
    }
}
