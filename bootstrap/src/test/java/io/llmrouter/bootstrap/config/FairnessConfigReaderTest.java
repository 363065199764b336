package io.llmrouter.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.fairness.FairnessSettings.FairnessMode;
import io.llmrouter.domain.fairness.GateSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FairnessConfigReaderTest {

    @TempDir
    Path dir;

    private FairnessConfig read(String fairness) throws Exception {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, "fairness:\n" + fairness.indent(2));
        return RouterConfigLoader.load(file).fairness();
    }

    @Test
    void tokenGateAndFlowHeadroomAreRead() throws Exception {
        FairnessConfig c = read("""
                enabled: true
                mode: vtc
                gate: utilization
                kvCacheThreshold: 1.0
                tokenThreshold: 1.25
                flowHeadroom: 0.1
                podTokenCapacity: 65536
                expectedOutputTokens: 512
                """);
        assertTrue(c.enabled());
        assertEquals(FairnessMode.VTC, c.settings().mode());
        GateSettings g = c.settings().gate();
        assertEquals(GateSettings.Mode.UTILIZATION, g.mode());
        assertEquals(1.0, g.kvCacheThreshold());
        assertEquals(1.25, g.tokenThreshold());
        assertEquals(0.1, g.flowHeadroom());
        assertEquals(65536, g.podTokenCapacity());
        assertEquals(512, g.expectedOutputTokens());
    }

    @Test
    void defaultsLeaveTheTokenTermAndHeadroomOff() throws Exception {
        GateSettings g = read("enabled: true\n").settings().gate();
        assertEquals(GateSettings.DEFAULT, g);
        assertEquals(0, g.tokenThreshold());
        assertEquals(0, g.flowHeadroom());
    }

    @Test
    void headroomOfOneOrMoreIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("flowHeadroom: 1.0\n"));
        assertTrue(e.getMessage().contains("flowHeadroom"), e.getMessage());
    }
}
