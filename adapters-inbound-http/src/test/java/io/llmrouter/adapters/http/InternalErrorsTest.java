package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.webserver.WebServer;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.inference.HandleInference;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.application.models.ListModels;
import io.llmrouter.application.observe.ErrorType;
import io.llmrouter.application.observe.RequestObserver;
import io.llmrouter.application.observe.RequestRecord;
import io.llmrouter.application.scheduling.DecisionLog;
import io.llmrouter.application.scheduling.ScheduleRequest;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RouteRule;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bug on a request path (here: an engine gateway that throws, which its contract forbids) reaches
 * the client as a 500 in the OpenAI envelope with the request id and no stack trace, is counted
 * once, and ends as one internal_error record, not a client disconnect.
 */
class InternalErrorsTest {

    private final List<String> counted = new CopyOnWriteArrayList<>();
    private final List<RequestRecord> records = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start() {
        ModelServer modelServer = new ModelServer(ObjectMeta.of("default", "s"), Optional.empty(), InferenceEngine.VLLM,
                new WorkloadSelector(Map.of("app", "s"), Optional.empty()), new WorkloadPort(8000, "http"),
                TrafficPolicy.DEFAULT, Optional.empty());
        Pod pod = new Pod(new ObjectMeta(ResourceId.of("default", "p"), Map.of("app", "s"), Instant.EPOCH, ""),
                "127.0.0.1", OptionalInt.of(1), true);
        ModelRoute route = new ModelRoute(ObjectMeta.of("default", "r"), "m", List.of(), List.of(),
                List.of(new RouteRule("", Optional.empty(), List.of(TargetModel.server("s")))), Optional.empty());
        Datastore datastore = new Datastore("test", Clock.systemUTC(), Datastore.ProblemLog.NONE);
        datastore.accepted(new ResourceSet(List.of(route), List.of(modelServer), List.of(pod)), List.of(), "test");
        InFlightCounter inFlight = new InFlightCounter();
        SchedulingProfile profile = new SchedulingProfile(List.of(), List.of(), 5);
        HandleInference handler = new HandleInference(datastore, new ScheduleRequest(() -> profile,
                new PodMetricsStore(Duration.ofSeconds(5)), inFlight, new DecisionLog(8), Clock.systemUTC(), new Random(1)),
                (call, sink) -> {
                    throw new IllegalStateException("gateway bug: secret internals");
                }, inFlight, new Random(1), d -> { });
        InternalErrors errors = new InternalErrors(counted::add);
        RequestObserver observer = records::add;
        OpenAiInferenceService inference = new OpenAiInferenceService(handler, new InboundSettings(1 << 20, false),
                observer, System::nanoTime, errors);
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> {
                    r.get("/boom", (req, res) -> {
                        throw new IllegalArgumentException("handler bug");
                    });
                    RouterRoutes.inference(r, inference, new ModelsService(new ListModels(datastore)),
                            new HealthService(datastore));
                })
                .build().start();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void inference_unexpectedException_500EnvelopeCountedOnceRecordedAsInternal() throws Exception {
        start();
        HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/v1/completions")).header("x-request-id", "req-42")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"prompt\":\"hi\"}")));
        assertEquals(500, res.statusCode(), res.body());
        assertTrue(res.body().startsWith("{\"error\":{\"message\":\"The router failed unexpectedly"), res.body());
        assertTrue(res.body().contains("req-42") && res.body().contains("\"code\":\"internal_error\""), res.body());
        assertFalse(res.body().contains("secret internals") || res.body().contains("at io."), "no internals leak");
        assertEquals(List.of("inference"), counted);
        assertTrue(Poll.eventually(() -> records.size() == 1));
        assertEquals(ErrorType.INTERNAL, records.get(0).errorType());
        assertEquals(500, records.get(0).status());
    }

    @Test
    void anyHandler_unexpectedException_500Envelope() throws Exception {
        start();
        HttpResponse<String> res = send(HttpRequest.newBuilder(uri("/boom")).GET());
        assertEquals(500, res.statusCode(), res.body());
        assertTrue(res.body().contains("\"type\":\"server_error\"") && res.body().contains("\"code\":\"internal_error\""),
                res.body());
        assertFalse(res.body().contains("handler bug"), res.body());
        assertEquals(List.of("inference"), counted);
        assertTrue(res.headers().firstValue("x-request-id").isPresent(), "the id to quote when reporting it");
    }

    /** Polls a condition briefly (the observer is told after the response is sent). */
    private static final class Poll {
        static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
            for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
                Thread.sleep(10);
            }
            return condition.getAsBoolean();
        }
    }
}
