package io.llmrouter.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.health.OutlierSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upstream.outlierDetection}: defaults, every key read, bad values refused with the key named. */
class OutlierDetectionConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults_areTheDomainDefaults() {
        assertEquals(OutlierSettings.DEFAULT, RouterConfigLoader.defaults().upstream().outlierDetection().settings());
        assertEquals(new OutlierSettings(true, 5, Duration.ofSeconds(30), Duration.ofSeconds(300), 50, 5),
                OutlierSettings.DEFAULT);
    }

    @Test
    void load_everyKey() throws IOException {
        RouterConfig config = load("""
                upstream:
                  outlierDetection:
                    enabled: false
                    consecutiveFailures: 3
                    baseEjectionTime: 500ms
                    maxEjectionTime: 2s
                    maxEjectionPercent: 100
                    consecutiveScrapeFailures: 0
                """);
        assertEquals(new OutlierDetectionConfig(false, 3, Duration.ofMillis(500), Duration.ofSeconds(2), 100, 0),
                config.upstream().outlierDetection());
        assertEquals(Duration.ofSeconds(300), config.upstream().idleTimeout(), "the other upstream keys keep their defaults");
    }

    @Test
    void load_unknownKey_listsTheAllowedOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("upstream:\n  outlierDetection:\n    consecutive5xx: 3\n"));
        assertTrue(e.getMessage().contains("upstream.outlierDetection.consecutive5xx"), e.getMessage());
        assertTrue(e.getMessage().contains("consecutiveFailures"), e.getMessage());
    }

    @Test
    void load_badValues_refusedNamingTheKey() {
        assertMessage("maxEjectionPercent: 150", "upstream.outlierDetection.maxEjectionPercent must be within 0..100");
        assertMessage("consecutiveFailures: -1", "upstream.outlierDetection.consecutiveFailures must be >= 0");
        assertMessage("baseEjectionTime: soon", "upstream.outlierDetection.baseEjectionTime must be a duration");
        assertMessage("{baseEjectionTime: 60s, maxEjectionTime: 30s}",
                "upstream.outlierDetection.maxEjectionTime must be at least baseEjectionTime");
        assertMessage("enabled: maybe", "upstream.outlierDetection.enabled must be true or false");
    }

    private void assertMessage(String body, String start) {
        String yaml = body.startsWith("{") ? "upstream:\n  outlierDetection: " + body + "\n"
                : "upstream:\n  outlierDetection:\n    " + body + "\n";
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }

    private RouterConfig load(String yaml) throws IOException {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, yaml);
        return RouterConfigLoader.load(file);
    }
}
