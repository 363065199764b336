package io.llmrouter.bench.scenario;

import io.llmrouter.sim.virtual.ScenarioResult;
import java.util.Locale;

/**
 * A scenario result plus how scattered the groups ended up: the mean number of distinct replicas
 * the requests of one group were sent to (1 = perfect affinity, 3 = spread over every replica of 3),
 * and the TTFT at the 90th percentile (nearest rank).
 */
public record RoutedResult(ScenarioResult scenario, double replicasPerGroup, double p90TtftMs) {

    public RoutedResult(ScenarioResult scenario, double replicasPerGroup) {
        this(scenario, replicasPerGroup, Double.NaN);
    }

    public static String tableHeader() {
        return ScenarioResult.tableHeader().replace(" |\n", " | replicas per group |\n") + "---|";
    }

    public String tableRow() {
        return scenario.tableRow() + String.format(Locale.ROOT, " %.2f |", replicasPerGroup);
    }
}
