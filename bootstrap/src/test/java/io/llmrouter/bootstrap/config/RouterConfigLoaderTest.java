package io.llmrouter.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.bootstrap.scheduling.PluginCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaults_matchTheDocumentedPortsAndLimits() {
        RouterConfig config = RouterConfigLoader.defaults();
        assertEquals(8080, config.inference().port());
        assertEquals(9090, config.metrics().port());
        assertEquals(new ListenerConfig("127.0.0.1", 15000), config.admin());
        assertEquals(10L * 1024 * 1024, config.maxRequestBodyBytes());
        assertEquals(Duration.ofSeconds(300), config.upstream().idleTimeout());
        assertEquals(SchedulerConfig.DEFAULT, config.scheduler());
    }

    @Test
    void load_exampleShippedInDeploy_parsesAndResolvesFilesRelativeToIt() {
        Path example = Path.of("..", "deploy", "examples", "router-config.yaml").toAbsolutePath().normalize();
        RouterConfig config = RouterConfigLoader.load(example);
        assertEquals(List.of(example.getParent().resolve("standalone-multi-models.yaml")), config.datastore().files());
        assertEquals(Duration.ofSeconds(1), config.datastore().pollInterval());
    }

    @Test
    void load_unknownKey_failsListingTheAllowedKeys() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load("listeners:\n  inferense: {port: 1}\n"));
        assertTrue(e.getMessage().contains("listeners.inferense"), e.getMessage());
        assertTrue(e.getMessage().contains("[admin, inference, metrics]"), e.getMessage());
    }

    @Test
    void load_badDuration_failsNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("upstream:\n  idleTimeout: soon\n"));
        assertTrue(e.getMessage().startsWith("upstream.idleTimeout must be a duration"), e.getMessage());
    }

    @Test
    void load_kthenaSchedulerSection_disabledListWinsOverEnabled() throws IOException {
        RouterConfig config = load("""
                scheduler:
                  pluginConfig:
                  - name: least-request
                    args: {maxWaitingRequests: 10}
                  plugins:
                    Filter: {enabled: [least-request], disabled: [least-request]}
                    Score:
                      enabled: [{name: random, weight: 2}, {name: gpu-usage, weight: 1}]
                      disabled: [gpu-usage]
                """);
        assertEquals(List.of(), config.scheduler().filters());
        assertEquals(List.of(new ScoreEntry("random", 2)), config.scheduler().scores());
        assertEquals("10", config.scheduler().pluginArgs().get("least-request").get("maxWaitingRequests"));
    }

    @Test
    void profile_unknownPlugin_failsListingTheAvailableOnes() throws IOException {
        RouterConfig config = load("scheduler:\n  plugins:\n    Score:\n      enabled: [{name: least-requets, weight: 1}]\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> PluginCatalog.defaults(new SplittableRandom(1)).profile(config.scheduler()));
        assertTrue(e.getMessage().contains("'least-requets'")
                && e.getMessage().contains("[gpu-usage, kvcache-aware, least-latency, least-request, prefix-cache, random]"), e.getMessage());
    }

    @Test
    void load_kubernetesMode_readsNamespace_andKubeconfigRelativeToTheFile() throws IOException {
        RouterConfig config = load("datastore:\n  mode: kubernetes\n  kubernetes: {namespace: llm, kubeconfig: kube/config}\n");
        assertEquals(DatastoreConfig.Mode.KUBERNETES, config.datastore().mode());
        assertEquals(java.util.Optional.of("llm"), config.datastore().namespace());
        assertEquals(java.util.Optional.of(dir.resolve("kube/config").normalize()), config.datastore().kubeconfig());
        RouterConfig everywhere = load("datastore: {mode: kubernetes}\n");
        assertTrue(everywhere.datastore().namespace().isEmpty() && everywhere.datastore().kubeconfig().isEmpty());
    }

    @Test
    void load_kubernetesSection_unknownKey_isRefusedWithTheAllowedOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("datastore:\n  mode: kubernetes\n  kubernetes: {namespaces: llm}\n"));
        assertTrue(e.getMessage().contains("datastore.kubernetes.namespaces") && e.getMessage().contains("kubeconfig"),
                e.getMessage());
    }

    private RouterConfig load(String yaml) throws IOException {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, yaml);
        return RouterConfigLoader.load(file);
    }

    @Test
    void kvEvents_section_isReadAndCheckedAndOffByDefault() throws IOException {
        assertEquals(KvEventsConfig.OFF, load("scheduler: {}\n").kvEvents());
        KvEventsConfig kv = load("kvEvents:\n  enabled: true\n  endpoint: \"tcp://{address}:6557\"\n"
                + "  replayEndpoint: \"tcp://{address}:6558\"\n  topic: kv@\n  tokenizeBudget: 20ms\n"
                + "  maxMemoryBytes: 33554432\n").kvEvents();
        assertTrue(kv.enabled());
        assertEquals("tcp://{address}:6557", kv.endpoint());
        assertEquals(java.util.Optional.of("tcp://{address}:6558"), kv.replayEndpoint());
        assertEquals("kv@", kv.topic());
        assertEquals(java.time.Duration.ofMillis(20), kv.tokenizeBudget());
        assertEquals(33554432L, kv.maxMemoryBytes());
        ConfigException e = assertThrows(ConfigException.class, () -> load("kvEvents:\n  endpoints: x\n"));
        assertTrue(e.getMessage().contains("kvEvents"), e.getMessage());
    }
}
