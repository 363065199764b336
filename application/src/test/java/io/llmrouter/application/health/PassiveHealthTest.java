package io.llmrouter.application.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.inference.HandleInference;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.application.scheduling.DecisionLog;
import io.llmrouter.application.scheduling.ScheduleRequest;
import io.llmrouter.domain.health.OutlierSettings;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Attempt outcomes through {@link HandleInference} into the outlier detector, and the per-server
 * summary of {@link TrackPodHealth}: what counts as a failure, what is skipped, the trial.
 * Scheduling prefers the lowest port, so pod p9001 is always ranked first while in rotation.
 */
class PassiveHealthTest {

    private static final OutlierSettings SETTINGS = new OutlierSettings(true, 2, Duration.ofSeconds(10),
            Duration.ofSeconds(60), 50, 3);
    private static final ResourceId P1 = ResourceId.of("default", "p9001");
    private static final ResourceId P2 = ResourceId.of("default", "p9002");

    private final AtomicLong ticks = new AtomicLong();
    private final List<Integer> ports = new ArrayList<>();
    /** The engine: answers by port. */
    private IntFunction<ForwardResult> engine = port -> new ForwardResult.Relayed(200, true);
    private final Datastore datastore = new Datastore("test", Clock.systemUTC(), Datastore.ProblemLog.NONE);
    private final PodMetricsStore metrics = new PodMetricsStore(Duration.ofSeconds(5));
    private final TrackPodHealth health = new TrackPodHealth(datastore, metrics, SETTINGS, ticks::get, Clock.systemUTC());
    private final HandleInference handler;

    PassiveHealthTest() {
        load(9001, 9002);
        health.start();
        SchedulingProfile profile = new SchedulingProfile(List.of(), List.of(new WeightedScorer(new ByPort(), 1)), 5);
        InFlightCounter inFlight = new InFlightCounter();
        EngineGateway gateway = (UpstreamCall call, ResponseSink sink) -> {
            ports.add(call.port());
            ForwardResult result = engine.apply(call.port());
            if (result instanceof ForwardResult.Relayed r) {
                sink.start(r.status(), List.of());
            }
            return result;
        };
        handler = new HandleInference(datastore, new ScheduleRequest(() -> profile, metrics, inFlight,
                new DecisionLog(8), Clock.systemUTC(), new Random(1), health.detector()),
                gateway, inFlight, new Random(1), d -> { }, () -> 0L, health.detector());
    }

    private void load(int... podPorts) {
        ModelServer server = new ModelServer(ObjectMeta.of("default", "s"), Optional.empty(), InferenceEngine.VLLM,
                new WorkloadSelector(Map.of("app", "s"), Optional.empty()), new WorkloadPort(8000, "http"),
                new TrafficPolicy(Optional.empty(), new RetryPolicy(0, Duration.ZERO)), Optional.empty());
        List<Pod> pods = new ArrayList<>();
        for (int port : podPorts) {
            pods.add(new Pod(new ObjectMeta(ResourceId.of("default", "p" + port), Map.of("app", "s"), Instant.EPOCH, ""),
                    "127.0.0.1", OptionalInt.of(port), true));
        }
        ModelRoute route = new ModelRoute(ObjectMeta.of("default", "r"), "m", List.of(), List.of(),
                List.of(new RouteRule("", Optional.empty(), List.of(TargetModel.server("s")))), Optional.empty());
        datastore.accepted(new ResourceSet(List.of(route), List.of(server), pods), List.of(), "test");
    }

    private void send(int times) {
        for (int i = 0; i < times; i++) {
            byte[] body = "{\"model\":\"m\",\"prompt\":\"hello\"}".getBytes(StandardCharsets.UTF_8);
            handler.handle(new InferenceRequest("req", "/v1/completions", "m", false, List.of(),
                    new RequestBody(body, 10, 11), PromptText.of("hello".getBytes(StandardCharsets.UTF_8)), false),
                    new NullSink());
        }
    }

    private void firstPodAnswers(ForwardResult result) {
        engine = port -> port == 9001 ? result : new ForwardResult.Relayed(200, true);
    }

    @Test
    void failuresInARow_ejectThePod_trafficGoesToTheOther_thenOneTrialReturnsIt() {
        firstPodAnswers(new ForwardResult.ServerError(503, List.of(new Header("content-type", "text/plain")), new byte[0]));
        send(2);
        assertEquals(List.of(9001, 9001), ports);
        assertTrue(health.detector().ejected(P1));
        ports.clear();
        send(5);
        assertEquals(List.of(9002, 9002, 9002, 9002, 9002), ports, "no request for the ejected pod");
        assertEquals(List.of(new ServerHealth(ResourceId.of("default", "s"), 2, 1, 1, 2)), health.servers());

        firstPodAnswers(new ForwardResult.Relayed(200, true)); // it recovered
        ticks.addAndGet(Duration.ofSeconds(10).toNanos());
        ports.clear();
        send(3);
        assertEquals(List.of(9001, 9001, 9001), ports, "the trial succeeded, and it is first in rank again");
        assertFalse(health.detector().ejected(P1));
    }

    @Test
    void connectFailuresAndTimeouts_countAsFailures() {
        engine = port -> port == 9001 ? new ForwardResult.ConnectFailed("refused") : new ForwardResult.TimedOut("slow");
        send(1);
        engine = port -> new ForwardResult.TimedOut("slow");
        send(1);
        assertTrue(health.detector().ejected(P1), "a connect failure then a timeout are two failures in a row");
    }

    @Test
    void brokenStream_countsAsAFailure() {
        firstPodAnswers(new ForwardResult.Relayed(200, false));
        send(2);
        assertTrue(health.detector().ejected(P1));
    }

    @Test
    void fourXxAndClientDisconnects_doNotCount() {
        firstPodAnswers(new ForwardResult.Relayed(404, true));
        send(10);
        firstPodAnswers(new ForwardResult.ClientGone());
        send(10);
        assertFalse(health.detector().ejected(P1));
        assertEquals(0, health.detector().health(P1).map(h -> h.failures()).orElse(0));
    }

    @Test
    void halfOpen_aTrialThatEndsWithTheClientGone_handsTheTrialToTheNextRequest() {
        firstPodAnswers(new ForwardResult.ConnectFailed("refused"));
        send(2);
        ticks.addAndGet(Duration.ofSeconds(10).toNanos());
        firstPodAnswers(new ForwardResult.ClientGone());
        send(1);
        assertTrue(health.detector().ejected(P1), "a trial that decided nothing");
        firstPodAnswers(new ForwardResult.ConnectFailed("refused"));
        ports.clear();
        send(1);
        assertEquals(List.of(9001), ports, "the next request is the trial");
        assertTrue(health.detector().ejected(P1));
        assertEquals(2, health.detector().health(P1).orElseThrow().ejectionsTotal(), "the failed trial ejected it again");
    }

    @Test
    void everyPodEjected_panic_requestsStillSent() {
        engine = port -> new ForwardResult.ConnectFailed("refused");
        load(9001);
        send(2);
        assertTrue(health.detector().ejected(P1), "a one-pod server may have its only pod ejected");
        assertEquals(List.of(new ServerHealth(ResourceId.of("default", "s"), 1, 0, 1, 1)), health.servers());
        ports.clear();
        send(2);
        assertEquals(List.of(9001, 9001), ports, "nothing else is left: it is tried anyway");
    }

    @Test
    void serverLosingItsLastSchedulablePod_isLoggedAtThatMoment_andWhenItHasOneAgain() {
        List<String> lines = new ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(TrackPodHealth.class.getName());
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(r.getLevel() + " " + java.text.MessageFormat.format(r.getMessage(),
                        r.getParameters() == null ? new Object[0] : r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        try {
            load(9001);
            engine = port -> new ForwardResult.ConnectFailed("refused");
            send(2);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("WARNING pod default/p9001 of ModelServer [default/s] "
                    + "ejected for 10s (ejection 1): 2 consecutive failed requests (last: connect failed: refused)")), lines.toString());
            assertTrue(lines.contains("WARNING ModelServer default/s has no schedulable pod: all 1 ready pod(s) ejected "
                    + "by outlier detection; requests still go to them (panic)"), lines.toString());
            lines.clear();
            ticks.addAndGet(Duration.ofSeconds(10).toNanos());
            engine = port -> new ForwardResult.Relayed(200, true);
            send(1);
            assertEquals(List.of("INFO pod default/p9001 of ModelServer [default/s] returned to rotation: its trial "
                    + "request succeeded", "INFO ModelServer default/s has schedulable pods again: 1 of 1 ready"), lines);
            lines.clear();
            load();
            assertEquals(List.of("WARNING ModelServer default/s has no schedulable pod: no pod is ready"), lines);
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void podRemovedFromTheDatastore_itsStateGoesWithIt() {
        firstPodAnswers(new ForwardResult.ConnectFailed("refused"));
        send(2);
        assertTrue(health.detector().ejected(P1));
        load(9002);
        assertTrue(health.detector().health(P1).isEmpty());
        load(9001, 9002);
        assertTrue(health.detector().schedulable(P1), "back, and starting afresh");
        assertTrue(health.detector().health(P2).isEmpty(), "p9002 never failed: nothing kept about it");
    }

    @Test
    void scrapeFailuresInARow_eject() {
        for (int i = 0; i < 3; i++) {
            health.detector().scrapeFailed(P2, "HTTP 500");
        }
        assertTrue(health.detector().ejected(P2));
        ports.clear();
        send(1);
        assertEquals(List.of(9001), ports);
    }

    /** Ranks pods by port, lowest first. */
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

    private static final class NullSink implements ResponseSink {
        private boolean started;

        @Override
        public void start(int status, List<Header> headers) {
            started = true;
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean committed() {
            return started;
        }
    }
}
