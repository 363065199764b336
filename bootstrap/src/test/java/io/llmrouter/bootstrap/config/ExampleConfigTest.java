package io.llmrouter.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** deploy/examples/router-config.yaml says its values are the defaults: they are, and it has every key. */
class ExampleConfigTest {

    private static final Path EXAMPLE = Path.of("..", "deploy", "examples", "router-config.yaml")
            .toAbsolutePath().normalize();

    @Test
    void example_valuesAreTheBuiltInDefaults_exceptDatastoreFiles() {
        RouterConfig example = RouterConfigLoader.load(EXAMPLE);
        RouterConfig defaults = RouterConfigLoader.defaults();
        assertEquals(List.of(EXAMPLE.getParent().resolve("standalone-multi-models.yaml")), example.datastore().files());
        assertEquals(defaults.withDatastore(example.datastore()), example);
        assertEquals(defaults.datastore().pollInterval(), example.datastore().pollInterval());
    }

    @Test
    void example_writesOutEveryKeyTheRouterHas() throws IOException {
        RouterConfig defaults = RouterConfigLoader.defaults();
        Set<String> keys = new TreeSet<>();
        paths("", EffectiveConfig.of(defaults, defaults.scheduler()), keys, true);
        Set<String> written = new TreeSet<>();
        paths("", new Yaml().load(Files.readString(EXAMPLE)), written, false);
        // No default value (off until set): shown as a comment or an explanation instead.
        keys.removeAll(Set.of("listeners.admin.token", "tracing.otlpEndpoint"));
        Set<String> missing = new TreeSet<>(keys);
        missing.removeAll(written);
        assertEquals(Set.of(), missing, "keys of the built-in config missing from " + EXAMPLE);
        for (String section : List.of("listeners", "datastore", "limits", "upstream", "engineMetrics", "debug",
                "accessLog", "tracing", "scheduler")) {
            assertTrue(written.stream().anyMatch(k -> k.startsWith(section + ".")), section + " missing");
        }
    }

    /** Dotted key paths of the maps' leaves; lists and empty maps are leaves. */
    private static void paths(String prefix, Object node, Set<String> out, boolean skipNullLeaves) {
        if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> paths(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, out, skipNullLeaves));
        } else if (!prefix.isEmpty() && !(skipNullLeaves && node == null)) {
            out.add(prefix);
        }
    }
}
