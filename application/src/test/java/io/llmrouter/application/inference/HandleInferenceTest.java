package io.llmrouter.application.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.application.scheduling.DecisionLog;
import io.llmrouter.application.scheduling.ScheduleRequest;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.inference.RequestBody;
import io.llmrouter.domain.inference.UpstreamCall;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.EngineGateway;
import io.llmrouter.domain.port.ResponseSink;
import io.llmrouter.domain.resource.ObjectMeta;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RouteRule;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.scheduling.framework.Candidate;
import io.llmrouter.domain.scheduling.framework.DispatchListener;
import io.llmrouter.domain.scheduling.framework.Retraction;
import io.llmrouter.domain.scheduling.framework.Scorer;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.scheduling.framework.WeightedScorer;
import io.llmrouter.domain.server.InferenceEngine;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.RetryPolicy;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import io.llmrouter.domain.server.WorkloadSelector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The retry loop: which pod each try goes to, what is retried, what the client finally gets. */
class HandleInferenceTest {

    private static final byte[] BODY = "{\"model\":\"m\",\"prompt\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

    /** The engine side: one scripted result per try, in order; records which pod each try went to. */
    private static final class ScriptedGateway implements EngineGateway {
        final Deque<ForwardResult> script = new ArrayDeque<>();
        final List<Integer> ports = new ArrayList<>();

        ScriptedGateway then(ForwardResult result) {
            script.add(result);
            return this;
        }

        @Override
        public ForwardResult forward(UpstreamCall call, ResponseSink sink) {
            ports.add(call.port());
            ForwardResult next = script.remove();
            if (next instanceof ForwardResult.Relayed relayed) {
                sink.start(relayed.status(), List.of());
            }
            return next;
        }
    }

    /** The client side: what was committed and written. */
    private static final class RecordingSink implements ResponseSink {
        int status = -1;
        List<Header> headers = List.of();
        final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();

        @Override
        public void start(int status, List<Header> headers) {
            this.status = status;
            this.headers = headers;
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            body.write(buffer, offset, length);
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean committed() {
            return status >= 0;
        }
    }

    /** Ranks pods by the order of their ports, lowest first, so each test knows the order of tries. */
    private static final class ByPort implements Scorer {
        @Override
        public String type() {
            return "by-port";
        }

        @Override
        public double[] score(SchedulingRequest request, List<Candidate> candidates) {
            double[] scores = new double[candidates.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = 1.0 / candidates.get(i).pod().port().orElseThrow();
            }
            return scores;
        }
    }

    /** Records every dispatch, as the prefix index would learn it. */
    private static final class Dispatches implements Scorer, DispatchListener {
        final List<String> pods = new ArrayList<>();
        final List<String> retracted = new ArrayList<>();

        @Override
        public String type() {
            return "dispatches";
        }

        @Override
        public double[] score(SchedulingRequest request, List<Candidate> candidates) {
            return new double[candidates.size()];
        }

        @Override
        public Retraction dispatched(SchedulingRequest request, Pod pod) {
            pods.add(pod.meta().name());
            return () -> retracted.add(pod.meta().name());
        }
    }

    private final ScriptedGateway gateway = new ScriptedGateway();
    private final RecordingSink sink = new RecordingSink();
    private final Dispatches dispatches = new Dispatches();

    private InferenceOutcome handle(int retryAttempts, int... podPorts) {
        ModelServer server = new ModelServer(ObjectMeta.of("default", "s"), Optional.empty(), InferenceEngine.VLLM,
                new WorkloadSelector(Map.of("app", "s"), Optional.empty()), new WorkloadPort(8000, "http"),
                new TrafficPolicy(Optional.empty(), new RetryPolicy(retryAttempts, Duration.ZERO)), Optional.empty());
        List<Pod> pods = new ArrayList<>();
        for (int port : podPorts) {
            pods.add(new Pod(new ObjectMeta(ResourceId.of("default", "p" + port), Map.of("app", "s"), Instant.EPOCH, ""),
                    "127.0.0.1", OptionalInt.of(port), true));
        }
        ModelRoute route = new ModelRoute(ObjectMeta.of("default", "r"), "m", List.of(), List.of(),
                List.of(new RouteRule("", Optional.empty(), List.of(TargetModel.server("s")))), Optional.empty());
        Datastore datastore = new Datastore("test", Clock.systemUTC(), Datastore.ProblemLog.NONE);
        datastore.accepted(new ResourceSet(List.of(route), List.of(server), pods), List.of(), "test");
        SchedulingProfile profile = new SchedulingProfile(List.of(),
                List.of(new WeightedScorer(new ByPort(), 1), new WeightedScorer(dispatches, 1)), 5);
        InFlightCounter inFlight = new InFlightCounter();
        HandleInference handler = new HandleInference(datastore, new ScheduleRequest(() -> profile,
                new PodMetricsStore(Duration.ofSeconds(5)), inFlight, new DecisionLog(8), Clock.systemUTC(), new Random(1)),
                gateway, inFlight, new Random(1), d -> { });
        InferenceRequest request = new InferenceRequest("req-1", "/v1/completions", "m", false, List.of(),
                new RequestBody(BODY, 10, 11), PromptText.of("hello".getBytes(StandardCharsets.UTF_8)), false);
        return handler.handle(request, sink);
    }

    private static ForwardResult.ServerError error(int status, String body) {
        return new ForwardResult.ServerError(status, List.of(new Header("content-type", "application/json")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void retries_wrapAroundWhenFewerPodsThanTries() {
        gateway.then(new ForwardResult.ConnectFailed("refused")).then(new ForwardResult.ConnectFailed("refused"))
                .then(new ForwardResult.Relayed(200, true));
        InferenceOutcome outcome = handle(2, 9001, 9002);
        assertEquals(List.of(9001, 9002, 9001), gateway.ports);
        assertInstanceOf(InferenceOutcome.Relayed.class, outcome);
        assertEquals(3, outcome.trail().attempts());
        // Every try was dispatched; the two refused ones were taken back, the served one stays learned.
        assertEquals(List.of("p9001", "p9002", "p9001"), dispatches.pods);
        assertEquals(List.of("p9001", "p9002"), dispatches.retracted);
    }

    @Test
    void onlyARefusedConnection_isTakenBack() {
        gateway.then(error(500, "{}")).then(new ForwardResult.TimedOut("slow")).then(new ForwardResult.Relayed(200, true));
        handle(2, 9001, 9002);
        assertEquals(List.of("p9001", "p9002", "p9001"), dispatches.pods);
        assertEquals(List.of(), dispatches.retracted, "the engine had the request every time");
    }

    @Test
    void retries_onePod_everyTryGoesToIt() {
        gateway.then(new ForwardResult.ConnectFailed("refused")).then(new ForwardResult.ConnectFailed("refused"))
                .then(new ForwardResult.ConnectFailed("refused"));
        InferenceOutcome outcome = handle(2, 9001);
        assertEquals(List.of(9001, 9001, 9001), gateway.ports);
        InferenceOutcome.Rejected rejected = assertInstanceOf(InferenceOutcome.Rejected.class, outcome);
        assertEquals(ErrorKind.UPSTREAM_UNAVAILABLE, rejected.error().kind());
    }

    @Test
    void heldBack5xx_isRelayedOnlyAfterTheLastTry() {
        gateway.then(error(500, "{\"first\":1}")).then(error(503, "{\"last\":1}"));
        InferenceOutcome outcome = handle(1, 9001, 9002);
        assertEquals(List.of(9001, 9002), gateway.ports);
        assertInstanceOf(InferenceOutcome.Relayed.class, outcome);
        assertEquals(503, sink.status);
        assertArrayEquals("{\"last\":1}".getBytes(StandardCharsets.UTF_8), sink.body.toByteArray());
    }

    @Test
    void heldBack5xx_winsOverALaterConnectFailure() {
        gateway.then(error(500, "{\"engine\":\"oom\"}")).then(new ForwardResult.ConnectFailed("refused"));
        InferenceOutcome outcome = handle(1, 9001, 9002);
        assertInstanceOf(InferenceOutcome.Relayed.class, outcome);
        assertEquals(500, sink.status);
        assertArrayEquals("{\"engine\":\"oom\"}".getBytes(StandardCharsets.UTF_8), sink.body.toByteArray());
    }

    @Test
    void heldBack5xx_thenSuccess_clientSeesOnlyTheSuccess() {
        gateway.then(error(500, "{\"x\":1}")).then(new ForwardResult.Relayed(200, true));
        handle(2, 9001, 9002);
        assertEquals(200, sink.status);
        assertEquals(0, sink.body.size());
    }

    /** A pod that sends no headers in time cost the try, not the request: nothing reached the client. */
    @Test
    void timeout_isRetriedOnTheNextPod() {
        gateway.then(new ForwardResult.TimedOut("no headers within 30s")).then(new ForwardResult.Relayed(200, true));
        InferenceOutcome outcome = handle(2, 9001, 9002);
        assertEquals(List.of(9001, 9002), gateway.ports);
        assertInstanceOf(InferenceOutcome.Relayed.class, outcome);
    }

    @Test
    void timeout_onEveryTry_is504() {
        gateway.then(new ForwardResult.TimedOut("slow")).then(new ForwardResult.TimedOut("slow"));
        InferenceOutcome outcome = handle(1, 9001, 9002);
        assertEquals(List.of(9001, 9002), gateway.ports);
        InferenceOutcome.Rejected rejected = assertInstanceOf(InferenceOutcome.Rejected.class, outcome);
        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, rejected.error().kind());
        assertEquals(-1, sink.status);
    }

    @Test
    void heldBack5xx_winsOverALaterTimeout() {
        gateway.then(error(503, "{\"engine\":\"busy\"}")).then(new ForwardResult.TimedOut("slow"));
        InferenceOutcome outcome = handle(1, 9001, 9002);
        assertInstanceOf(InferenceOutcome.Relayed.class, outcome);
        assertEquals(503, sink.status);
    }

    @Test
    void clientGone_isNotRetried() {
        gateway.then(new ForwardResult.ClientGone()).then(new ForwardResult.Relayed(200, true));
        InferenceOutcome outcome = handle(2, 9001, 9002);
        assertEquals(List.of(9001), gateway.ports);
        assertInstanceOf(InferenceOutcome.Abandoned.class, outcome);
    }

    @Test
    void retryAttemptsZero_oneTryOnly() {
        gateway.then(new ForwardResult.ConnectFailed("refused")).then(new ForwardResult.Relayed(200, true));
        InferenceOutcome outcome = handle(0, 9001, 9002);
        assertEquals(List.of(9001), gateway.ports);
        assertInstanceOf(InferenceOutcome.Rejected.class, outcome);
    }
}
