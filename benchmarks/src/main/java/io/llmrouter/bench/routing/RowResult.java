package io.llmrouter.bench.routing;

import io.llmrouter.bench.load.RunReport;
import java.util.Optional;

/** One measured row, or why it was skipped (for example a plugin this router build does not have). */
record RowResult(Variant variant, PluginRow row, Optional<RunReport> report, String skipped) {

    static RowResult measured(Variant variant, PluginRow row, RunReport report) {
        return new RowResult(variant, row, Optional.of(report), "");
    }

    static RowResult skipped(Variant variant, PluginRow row, String why) {
        return new RowResult(variant, row, Optional.empty(), why);
    }
}
