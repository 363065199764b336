package io.llmrouter.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code listeners.admin.token} and {@code tracing} keys, and what {@code /debug/config} shows of them. */
class AdminAndTracingConfigTest {

    @TempDir
    Path dir;

    @Test
    void load_adminToken_readAndRedactedInTheEffectiveConfig() throws IOException {
        RouterConfig config = load("listeners:\n  admin: {host: 0.0.0.0, port: 15001, token: hunter2}\n");

        assertEquals(Optional.of("hunter2"), config.adminToken());
        var effective = EffectiveConfig.of(config, config.scheduler());
        assertTrue(effective.toString().contains("token=<redacted>"), effective.toString());
        assertTrue(!effective.toString().contains("hunter2"));
    }

    @Test
    void load_tokenOnTheInferenceListener_refusedAsUnknownKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("listeners:\n  inference: {port: 8080, token: x}\n"));

        assertTrue(e.getMessage().contains("listeners.inference.token"), e.getMessage());
    }

    @Test
    void load_tracingSection_typedWithDefaults() throws IOException {
        RouterConfig config = load("tracing:\n  otlpEndpoint: http://collector:4318/v1/traces\n  sampleRatio: 0.25\n");

        assertEquals(Optional.of(URI.create("http://collector:4318/v1/traces")), config.tracing().otlpEndpoint());
        assertEquals("llm-router", config.tracing().serviceName());
        assertEquals(0.25, config.tracing().sampleRatio());
    }

    @Test
    void load_noTracingSection_tracingOff() throws IOException {
        assertEquals(TracingConfig.OFF, load("debug: {decisionLogSize: 8}\n").tracing());
    }

    @Test
    void load_badTracingValues_failNamingTheKey() {
        assertTrue(assertThrows(ConfigException.class, () -> load("tracing: {sampleRatio: 2}\n"))
                .getMessage().contains("tracing.sampleRatio"));
        assertTrue(assertThrows(ConfigException.class, () -> load("tracing: {otlpEndpoint: collector:4318}\n"))
                .getMessage().contains("tracing.otlpEndpoint"));
        assertTrue(assertThrows(ConfigException.class, () -> load("tracing: {endpoint: http://x}\n"))
                .getMessage().contains("tracing.endpoint"));
    }

    private RouterConfig load(String yaml) throws IOException {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, yaml);
        return RouterConfigLoader.load(file);
    }
}
