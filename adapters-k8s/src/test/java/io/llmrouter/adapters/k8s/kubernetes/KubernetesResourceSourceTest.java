package io.llmrouter.adapters.k8s.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.datastore.SourceState;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.validation.Problem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The informer source against a fake API server speaking the real list/watch protocol: every change
 * of ModelRoute, ModelServer and Pod reaches the datastore the router serves from, broken and
 * expired watches resume without losing events, an unreachable API server leaves the last state
 * in force and says so, and an invalid object is skipped and reported while the rest is served.
 */
class KubernetesResourceSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ResourceId SERVER = new ResourceId("default", "s7b");

    private final FakeApiServer api = new FakeApiServer();
    private final Datastore datastore = new Datastore("kubernetes", Clock.systemUTC(), Datastore.ProblemLog.NONE);
    private KubernetesResourceSource source;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        api.close();
    }

    private void start(Optional<String> namespace) {
        KubernetesSettings settings = new KubernetesSettings(namespace, Optional.of(api.writeKubeconfig(dir)),
                Duration.ZERO, Duration.ofMillis(200));
        source = new KubernetesResourceSource(ApiClients.create(settings.kubeconfig()), settings, Clock.systemUTC());
        source.start(datastore);
    }

    private void startWithExample() {
        api.apply("modelservers", Docs.server("default", "s7b", "r1-7b", 8000));
        api.apply("modelroutes", Docs.route("default", "r1", "deepseek-r1", "s7b"));
        api.apply("pods", FakeApiServer.pod("default", "p1", "r1-7b", "10.0.0.1", true));
        start(Optional.of("default"));
        await("first sync", datastore::ready);
    }

    private List<String> models() {
        return datastore.snapshot().routes().servedModelNames();
    }

    private List<String> readyPods() {
        return datastore.snapshot().readyPods(SERVER).stream().map(Pod::address).sorted().toList();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static <T> void awaitEquals(T expected, Supplier<T> actual) {
        await("expected " + expected, () -> expected.equals(actual.get()));
    }

    @Test
    void notReady_untilEveryInformerListedOnce() throws Exception {
        api.down(true);
        api.apply("modelservers", Docs.server("default", "s7b", "r1-7b", 8000));
        api.apply("modelroutes", Docs.route("default", "r1", "deepseek-r1", "s7b"));
        start(Optional.empty());
        Thread.sleep(500);
        assertFalse(datastore.ready(), "nothing listed yet, so not ready");
        assertFalse(source.state().synced());

        api.down(false);
        await("first sync", datastore::ready);
        assertEquals(List.of("deepseek-r1"), models());
        assertTrue(source.state().synced() && source.state().connected(), source.state().toString());
    }

    @Test
    void createUpdateDelete_ofEachKind_reachRouting() {
        startWithExample();
        assertEquals(List.of("deepseek-r1"), models());
        assertEquals(List.of("10.0.0.1"), readyPods());

        api.apply("modelroutes", Docs.route("default", "r2", "qwen", "s7b"));
        awaitEquals(List.of("deepseek-r1", "qwen"), this::models);
        api.apply("modelroutes", Docs.route("default", "r2", "qwen-renamed", "s7b"));
        awaitEquals(List.of("deepseek-r1", "qwen-renamed"), this::models);
        api.delete("modelroutes", "default", "r2");
        awaitEquals(List.of("deepseek-r1"), this::models);

        api.apply("modelservers", Docs.server("default", "s7b", "r1-7b", 9001));
        await("port change", () -> datastore.snapshot().server(SERVER).map(s -> s.workloadPort().port() == 9001)
                .orElse(false));
        api.delete("modelservers", "default", "s7b");
        await("server gone", () -> datastore.snapshot().server(SERVER).isEmpty());
        assertEquals(List.of(), datastore.snapshot().resources().pods(), "no server selects the pod any more");
        api.apply("modelservers", Docs.server("default", "s7b", "r1-7b", 8000));
        awaitEquals(List.of("10.0.0.1"), this::readyPods);

        api.apply("pods", FakeApiServer.pod("default", "p2", "r1-7b", "10.0.0.2", true));
        awaitEquals(List.of("10.0.0.1", "10.0.0.2"), this::readyPods);
        api.delete("pods", "default", "p2");
        awaitEquals(List.of("10.0.0.1"), this::readyPods);
    }

    @Test
    void podTurningUnready_orTerminating_leavesRouting_andReadyAgain_returns() {
        startWithExample();
        api.apply("pods", FakeApiServer.pod("default", "p1", "r1-7b", "10.0.0.1", false));
        awaitEquals(List.of(), this::readyPods);
        api.apply("pods", FakeApiServer.pod("default", "p1", "r1-7b", "10.0.0.1", true));
        awaitEquals(List.of("10.0.0.1"), this::readyPods);
        String terminating = FakeApiServer.pod("default", "p1", "r1-7b", "10.0.0.1", true)
                .replace("\"labels\"", "\"deletionTimestamp\":\"2026-01-01T00:00:10Z\",\"labels\"");
        api.apply("pods", terminating);
        awaitEquals(List.of(), this::readyPods);
        api.apply("pods", FakeApiServer.pod("default", "p1", "r1-7b", "10.0.0.1", true)
                .replace("\"Running\"", "\"Pending\""));
        Object pending = datastore.snapshot().resources();
        api.apply("pods", FakeApiServer.pod("default", "p3", "r1-7b", "", true));
        api.apply("pods", FakeApiServer.pod("default", "p4", "other-app", "10.0.0.4", true));
        api.apply("pods", FakeApiServer.pod("default", "p5", "r1-7b", "10.0.0.5", true));
        awaitEquals(List.of("10.0.0.5"), this::readyPods);
        assertEquals(1, datastore.snapshot().resources().pods().size(),
                "pending, address-less and unselected pods are no endpoints: " + pending);
    }

    @Test
    void watchClosedMidStream_resumesFromItsVersion_withoutLosingEvents() {
        startWithExample();
        int watchesBefore = api.watchRequests();
        int listsBefore = api.listRequests();
        api.disconnectWatches(() -> {
            api.apply("modelroutes", Docs.route("default", "r2", "qwen", "s7b"));
            api.delete("modelroutes", "default", "r1");
            api.apply("pods", FakeApiServer.pod("default", "p2", "r1-7b", "10.0.0.2", true));
        });
        awaitEquals(List.of("qwen"), this::models);
        awaitEquals(List.of("10.0.0.1", "10.0.0.2"), this::readyPods);
        // Each informer re-watches on its own schedule; the first two seeing their changes says nothing of the third.
        await("every informer watched again", () -> api.watchRequests() >= watchesBefore + 3);
        assertEquals(listsBefore, api.listRequests(), "resumed by watching from the last version, not by listing");
    }

    @Test
    void watchExpired410Gone_relists_andSeesWhatChangedMeanwhile_deletesIncluded() {
        startWithExample();
        int listsBefore = api.listRequests();
        api.expireHistory(() -> {
            api.delete("modelroutes", "default", "r1");
            api.apply("modelroutes", Docs.route("default", "r3", "llama", "s7b"));
            api.delete("pods", "default", "p1");
        });
        awaitEquals(List.of("llama"), this::models);
        awaitEquals(List.of(), this::readyPods);
        // As above: the ModelServer informer may list again after the routes and pods have been seen.
        await("410 Gone makes every informer list again", () -> api.listRequests() >= listsBefore + 3);
        api.apply("modelroutes", Docs.route("default", "r4", "after", "s7b"));
        awaitEquals(List.of("after", "llama"), this::models);
    }

    @Test
    void apiServerDown_keepsTheLastState_andSaysSo_thenCatchesUp() {
        startWithExample();
        SourceState healthy = source.state();
        assertTrue(healthy.connected() && healthy.lastSync().isPresent(), healthy.toString());

        api.down(true);
        await("disconnected", () -> !source.state().connected());
        SourceState down = source.state();
        assertTrue(down.detail().contains("unreachable") && down.detail().contains("last known state"), down.detail());
        assertTrue(down.disconnectedSince().isPresent());
        assertTrue(datastore.ready(), "still serving");
        assertEquals(List.of("deepseek-r1"), models());
        assertEquals(List.of("10.0.0.1"), readyPods());

        api.down(false);
        await("reconnected", () -> source.state().connected());
        assertTrue(source.state().lastSync().get().isAfter(healthy.lastSync().get()));
        api.apply("modelroutes", Docs.route("default", "r2", "qwen", "s7b"));
        awaitEquals(List.of("deepseek-r1", "qwen"), this::models);
    }

    @Test
    void invalidObject_isSkipped_andReported_theRestIsServed() {
        startWithExample();
        api.apply("modelroutes", Docs.route("default", "bad", "broken", "s7b").replace("\"modelServerName\":\"s7b\"",
                "\"modelServerName\":\"s7b\",\"weight\":\"heavy\""));
        api.apply("modelservers", Docs.server("default", "bad-server", "x", 8000).replace("vLLM", "vllm-next"));
        api.apply("modelroutes", Docs.route("default", "r2", "qwen", "s7b"));
        awaitEquals(List.of("deepseek-r1", "qwen"), this::models);
        await("both reported", () -> errors().size() == 2);
        List<Problem> errors = errors();
        assertEquals("ModelRoute default/bad", errors.get(0).document());
        assertEquals("spec.rules[0].targetModels[0].weight", errors.get(0).field());
        assertTrue(errors.get(0).message().contains("skipped"), errors.get(0).message());
        assertEquals("ModelServer default/bad-server", errors.get(1).document());
        assertEquals("spec.inferenceEngine", errors.get(1).field());
        assertFalse(errors.get(1).message().startsWith("line "), "no line numbers for API objects");

        api.apply("modelroutes", Docs.route("default", "bad", "fixed", "s7b"));
        awaitEquals(List.of("deepseek-r1", "fixed", "qwen"), this::models);
        assertEquals(1, errors().size());
    }

    @Test
    void namespaceScoped_seesOnlyItsNamespace() {
        api.apply("modelroutes", Docs.route("other", "r9", "elsewhere", "s7b"));
        startWithExample();
        api.apply("modelroutes", Docs.route("other", "r10", "elsewhere-too", "s7b"));
        api.apply("modelroutes", Docs.route("default", "r2", "qwen", "s7b"));
        awaitEquals(List.of("deepseek-r1", "qwen"), this::models);
    }

    private List<Problem> errors() {
        return datastore.status().warnings().stream().filter(Problem::isError)
                .sorted(java.util.Comparator.comparing(Problem::document)).toList();
    }
}
