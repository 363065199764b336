package io.llmrouter.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code accessLog} section: Kthena's defaults (on, text, stdout), strict keys and values. */
class AccessLogConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults_onAsTextToStdout() {
        assertEquals(AccessLogConfig.DEFAULT, RouterConfigLoader.defaults().accessLog());
        assertEquals(new AccessLogConfig(true, "text", "stdout", 4096), AccessLogConfig.DEFAULT);
    }

    @Test
    void load_fileOutput_resolvedNextToTheConfigFile() throws IOException {
        RouterConfig config = load("accessLog: {enabled: true, format: json, output: logs/access.log, queueSize: 10}\n");
        assertEquals(new AccessLogConfig(true, "json", dir.resolve("logs/access.log").toString(), 10), config.accessLog());
    }

    @Test
    void load_disabledAndStderr_kept() throws IOException {
        assertEquals(new AccessLogConfig(false, "text", "stderr", 4096),
                load("accessLog: {enabled: false, output: stderr}\n").accessLog());
    }

    @Test
    void load_badValues_refusedWithTheAllowedOnes() {
        assertTrue(refused("accessLog: {format: xml}\n").contains("[json, text]"));
        assertTrue(refused("accessLog: {enabled: maybe}\n").contains("true or false"));
        assertTrue(refused("accessLog: {queueSize: 0}\n").contains("1..1000000"));
        assertTrue(refused("accessLog: {fromat: json}\n").contains("accessLog.fromat"));
    }

    private String refused(String yaml) {
        return assertThrows(ConfigException.class, () -> load(yaml)).getMessage();
    }

    private RouterConfig load(String yaml) throws IOException {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, yaml);
        return RouterConfigLoader.load(file);
    }
}
