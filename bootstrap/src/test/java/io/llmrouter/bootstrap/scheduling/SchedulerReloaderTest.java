package io.llmrouter.bootstrap.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.llmrouter.bootstrap.config.RouterConfigLoader;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerReloaderTest {

    @TempDir
    Path dir;

    @Test
    void check_validSchedulerEdit_swapsTheProfile() throws Exception {
        Path file = write("scheduler:\n  plugins:\n    Score:\n      enabled: [{name: random, weight: 1}]\n");
        SchedulerReloader reloader = reloader(file);
        write("scheduler:\n  plugins:\n    Score:\n      enabled: [{name: gpu-usage, weight: 2}]\n");
        reloader.check();
        assertEquals(List.of("gpu-usage"), types(reloader.current()));
        assertEquals(2.0, reloader.current().scorers().get(0).weight());
    }

    @Test
    void check_invalidEdit_keepsTheProfileInForce() throws Exception {
        Path file = write("scheduler:\n  plugins:\n    Score:\n      enabled: [{name: random, weight: 1}]\n");
        SchedulerReloader reloader = reloader(file);
        SchedulingProfile before = reloader.current();
        write("scheduler:\n  plugins:\n    Score:\n      enabled: [{name: no-such-plugin, weight: 1}]\n");
        reloader.check();
        assertSame(before, reloader.current());
    }

    @Test
    void check_editOutsideTheSchedulerSection_keepsTheSameProfileAndItsState() throws Exception {
        Path file = write("scheduler:\n  plugins:\n    Score:\n      enabled: [{name: prefix-cache, weight: 1}]\n");
        SchedulerReloader reloader = reloader(file);
        SchedulingProfile before = reloader.current();
        write("upstream:\n  idleTimeout: 60s\nscheduler:\n  plugins:\n    Score:\n      enabled: [{name: prefix-cache, weight: 1}]\n");
        reloader.check();
        assertSame(before, reloader.current(), "an unrelated edit must not reset the prefix index");
        write("scheduler:\n  plugins:\n    Score:\n      enabled: [{name: prefix-cache, weight: 3}]\n");
        reloader.check();
        assertNotSame(before, reloader.current());
    }

    private SchedulerReloader reloader(Path file) {
        return new SchedulerReloader(PluginCatalog.defaults(new SplittableRandom(1)),
                RouterConfigLoader.load(file).scheduler(), Optional.of(file), Duration.ofSeconds(1));
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static List<String> types(SchedulingProfile profile) {
        return profile.scorers().stream().map(s -> s.scorer().type()).toList();
    }
}
