package io.llmrouter.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bootstrap.config.AccessLogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's metrics table and {@code /metrics} agree: every family a router exports after traffic
 * is a row of the table, and every row is exported. JVM and process meters are one wildcard row;
 * a histogram's {@code _max} gauge is covered by the sentence under the table.
 */
class MetricsDocumentedTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `((?:kthena_router|llm_router)_[a-z0-9_]+)` \\| ([a-z]+)");

    private final RouterHarness harness = new RouterHarness();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void everyExportedFamily_isDocumented_andEveryDocumentedOneExported() throws Exception {
        harness.configure(c -> c.withAccessLog(new AccessLogConfig(true, "text", dir.resolve("access.log").toString(), 64)));
        String scrape = DashboardTest.scrapeAfterTraffic(harness);

        TreeSet<String> histograms = new TreeSet<>();
        TreeSet<String> exported = new TreeSet<>();
        Matcher t = TYPE.matcher(scrape);
        while (t.find()) {
            String name = t.group(1);
            if (name.startsWith("jvm_") || name.startsWith("process_") || name.startsWith("system_")) {
                continue;
            }
            if (t.group(2).equals("counter") && !name.endsWith("_total")) {
                name += "_total";
            }
            if (t.group(2).equals("histogram")) {
                histograms.add(name);
            }
            exported.add(name);
        }
        exported.removeIf(name -> name.endsWith("_max") && histograms.contains(name.substring(0, name.length() - 4)));

        Set<String> documented = documented(false);
        TreeSet<String> undocumented = new TreeSet<>(exported);
        undocumented.removeAll(documented(true));
        TreeSet<String> notExported = new TreeSet<>(documented);
        notExported.removeAll(exported);
        assertTrue(exported.size() > 15, "the exposition was read: " + exported);
        assertEquals(Set.of(), undocumented, "exported on /metrics, missing from README.md's metrics table");
        assertEquals(Set.of(), notExported, "in README.md's metrics table, not exported on /metrics");
    }

    /**
     * The rows of the section's tables; without {@code featureRows}, only those above the marker line
     * that opens the table of families a plain router does not export (rate limits, PD, Kubernetes).
     */
    private static Set<String> documented(boolean featureRows) throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Metrics and access log");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        int marker = section.indexOf("<!-- feature metrics");
        if (!featureRows && marker >= 0) {
            section = section.substring(0, marker);
        }
        Set<String> names = new TreeSet<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
