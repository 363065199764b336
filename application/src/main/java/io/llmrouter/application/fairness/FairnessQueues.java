package io.llmrouter.application.fairness;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.application.inference.RouterError;
import io.llmrouter.application.metrics.InFlightCounter;
import io.llmrouter.application.metrics.PodMetricsStore;
import io.llmrouter.domain.fairness.FairQueue;
import io.llmrouter.domain.fairness.FairnessSettings;
import io.llmrouter.domain.fairness.PodLoad;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.inference.TokenUsage;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.ResponseSink;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.trace.Span;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The fairness queues of the router, one per request model name, entered after admission and left
 * when the capacity gate releases the request, when it times out (504), when the queue is full
 * (429), or the moment its client disconnects. Releases happen on events (a request entering, a
 * released one ending, one leaving) and, while anything waits, on a short recheck (engine metrics
 * change without an event; the QPS gate is time-based), by one virtual thread per non-empty queue.
 *
 * <p>Live reload: {@link #update} starts a fresh generation of queues for new requests; requests
 * already queued drain from their own queue (released by its gate, timing out by its timeout),
 * shown by {@link #queues} until empty. Usage history starts afresh with the new settings.
 */
public final class FairnessQueues {

    /** Fairness off: {@link #enter} returns {@link Slot#NONE} at once. */
    public static final FairnessQueues DISABLED = new FairnessQueues(false, FairnessSettings.DEFAULT,
            new InFlightCounter(), null, Ticker.disabled(), Clock.systemUTC(), Duration.ofMillis(20), Listener.NONE);

    private final InFlightCounter inFlight;
    private final PodMetricsStore metrics;
    private final Ticker ticker;
    private final Clock clock;
    private final Duration recheck;
    private final Listener listener;
    private volatile Generation generation;
    /** Queues of replaced generations still holding requests (queued or released): shown until empty. */
    private final java.util.Set<ModelQueue> draining = ConcurrentHashMap.newKeySet();

    private record Generation(boolean enabled, FairnessSettings settings, ConcurrentHashMap<String, ModelQueue> queues) {
    }

    /** What metrics are told (Kthena's {@code kthena_router_fairness_queue_*} families). */
    public interface Listener {
        Listener NONE = new Listener() { };

        /** A request left the queue: {@code outcome} dispatched, timeout, full, client_gone. */
        default void left(String model, String outcome, long waitNanos) {
        }
    }

    /**
     * @param metrics may be null: the utilization gate then sees no engine metrics (only in-flight)
     */
    public FairnessQueues(boolean enabled, FairnessSettings settings, InFlightCounter inFlight, PodMetricsStore metrics,
                          Ticker ticker, Clock clock, Duration recheck, Listener listener) {
        this.inFlight = requireNonNull(inFlight, "'inFlight' must not be null");
        this.metrics = metrics;
        this.ticker = requireNonNull(ticker, "'ticker' must not be null");
        this.clock = requireNonNull(clock, "'clock' must not be null");
        this.recheck = requireNonNull(recheck, "'recheck' must not be null");
        this.listener = requireNonNull(listener, "'listener' must not be null");
        this.generation = new Generation(enabled, requireNonNull(settings), new ConcurrentHashMap<>());
    }

    /** Applies reloaded settings to requests that arrive from now on. */
    public void update(boolean enabled, FairnessSettings settings) {
        Generation g = generation;
        if (g.enabled() != enabled || !g.settings().equals(settings)) {
            generation = new Generation(enabled, requireNonNull(settings), new ConcurrentHashMap<>());
            draining.addAll(g.queues().values());
        }
    }

    public boolean enabled() {
        return generation.enabled();
    }

    public FairnessSettings settings() {
        return generation.settings();
    }

    /**
     * Waits until {@code request} may be forwarded to one of {@code ready}. The result is closed when
     * the forward ends (its gate slot frees) and charged with the answer's usage.
     */
    public Slot enter(InferenceRequest request, List<Pod> ready, ResponseSink sink) {
        Generation g = generation;
        if (!g.enabled()) {
            return Slot.NONE;
        }
        ModelQueue queue = g.queues().computeIfAbsent(request.model(), m -> new ModelQueue(m, g.settings()));
        try (Span span = request.trace().child("queue")) {
            Slot slot = queue.await(request, ready, sink);
            span.attribute("llm.fairness.user", slot.user).attribute("llm.fairness.outcome", slot.outcome)
                    .attribute("llm.fairness.wait_ms", slot.waitNanos / 1_000_000);
            return slot;
        }
    }

    /** A model's queue as /debug and metrics show it. */
    public record QueueView(String model, int queued, long bytes, int inflight, int trackedUsers, double saturation,
                            List<FairQueue.FlowView> flows) {
    }

    /**
     * Every model's queue, by model name; after a reload, a replaced queue still draining follows
     * the current one of its model.
     */
    public List<QueueView> queues() {
        List<QueueView> out = new ArrayList<>();
        Map<String, List<ModelQueue>> byModel = new TreeMap<>();
        generation.queues().forEach((m, q) -> byModel.computeIfAbsent(m, k -> new ArrayList<>()).add(q));
        for (ModelQueue q : draining) {
            QueueView v = q.view();
            if (v.queued() == 0 && v.inflight() == 0) {
                draining.remove(q); // drained: nothing of it is left to show
            } else {
                byModel.computeIfAbsent(q.model, k -> new ArrayList<>()).add(q);
            }
        }
        byModel.values().forEach(qs -> qs.forEach(q -> out.add(q.view())));
        return out;
    }

    /** The time a request spent queued, and its gate slot until closed. */
    public static final class Slot implements AutoCloseable {

        /** Fairness off, or a request that never queued. */
        public static final Slot NONE = new Slot(null, null, "", "off", 0, Optional.empty(), false);

        private final ModelQueue queue;
        private final FairQueue.Entry<Waiter> entry;
        private final String user;
        private final String outcome;
        private final long waitNanos;
        private final Optional<RouterError> refusal;
        private final boolean clientGone;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Slot(ModelQueue queue, FairQueue.Entry<Waiter> entry, String user, String outcome, long waitNanos,
                     Optional<RouterError> refusal, boolean clientGone) {
            this.queue = queue;
            this.entry = entry;
            this.user = user;
            this.outcome = outcome;
            this.waitNanos = waitNanos;
            this.refusal = refusal;
            this.clientGone = clientGone;
        }

        /** Why the request may not go on (full, timed out); empty when it may or the client left. */
        public Optional<RouterError> refusal() {
            return refusal;
        }

        /** The client disconnected while the request waited: nothing was sent upstream. */
        public boolean clientGone() {
            return clientGone;
        }

        /** May the request be forwarded? */
        public boolean released() {
            return refusal.isEmpty() && !clientGone;
        }

        public long waitNanos() {
            return waitNanos;
        }

        /** Charges the answer's real usage to the caller (nothing when unknown or never released). */
        public void charge(TokenUsage usage) {
            if (queue != null && entry != null && usage != null && usage.known()) {
                queue.charge(user, usage);
            }
        }

        /** The forward ended: its gate slot frees and the next request may go. */
        @Override
        public void close() {
            if (queue != null && entry != null && closed.compareAndSet(false, true)) {
                queue.finished(entry);
            }
        }
    }

    /** A request's thread waiting to be released. */
    private static final class Waiter {
        final CompletableFuture<Boolean> released = new CompletableFuture<>();
    }

    /** One model's FairQueue behind its lock, with the ready pods the gate looks at. */
    private final class ModelQueue {
        private final String model;
        private final FairQueue<Waiter> queue;
        private final ReentrantLock lock = new ReentrantLock();
        private final AtomicBoolean pumping = new AtomicBoolean();
        private volatile List<Pod> pods = List.of();

        ModelQueue(String model, FairnessSettings settings) {
            this.model = model;
            this.queue = new FairQueue<>(settings);
        }

        Slot await(InferenceRequest request, List<Pod> ready, ResponseSink sink) {
            pods = ready; // the gate judges the pods the latest request may go to
            FairnessSettings s = queue.settings();
            String user = FairQueue.flowOf(request.caller().authenticated(), request.caller().user());
            int band = s.bands().band(request.header(s.bands().header()), request.caller().tier());
            long start = ticker.nanos();
            Waiter waiter = new Waiter();
            FairQueue.Entry<Waiter> entry;
            lock.lock();
            try {
                entry = queue.offer(waiter, user, band, request.body().length(), request.prompt().estimatedTokens(),
                        request.maxOutputTokens().orElse(-1), start);
            } finally {
                lock.unlock();
            }
            if (entry == null) {
                listener.left(model, "full", 0);
                return new Slot(this, null, user, "full", 0, Optional.of(RouterError.of(ErrorKind.FAIRNESS_QUEUE_FULL,
                        "The fairness queue of model '" + request.model() + "' is full (" + s.maxRequests()
                                + " requests or " + s.maxBytes() + " bytes); retry later.")
                        .withRetryAfter(Duration.ofSeconds(1))), false);
            }
            pump();
            ResponseSink.Registration gone = sink.onClientGone(() -> leave(entry, false));
            try {
                boolean released = waiter.released.get(s.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
                return settled(entry, user, start, released, s);
            } catch (TimeoutException e) {
                if (leave(entry, true)) {
                    return new Slot(this, null, user, "timeout", ticker.nanos() - start, Optional.of(RouterError.of(
                            ErrorKind.FAIRNESS_QUEUE_TIMEOUT, "Request processing timed out in queue (waited "
                                    + s.queueTimeout().toMillis() + " ms for model '" + request.model() + "').")), false);
                }
                return settled(entry, user, start, waiter.released.join(), s); // released meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                leave(entry, false);
                return settled(entry, user, start, waiter.released.join(), s);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } finally {
                closeQuietly(gone);
            }
        }

        private Slot settled(FairQueue.Entry<Waiter> entry, String user, long start, boolean released,
                             FairnessSettings s) {
            long waited = ticker.nanos() - start;
            if (released) {
                return new Slot(this, entry, user, "dispatched", waited, Optional.empty(), false);
            }
            return new Slot(this, null, user, "client_gone", waited, Optional.empty(), true);
        }

        /** Takes a still-queued request out; true if it was still queued. */
        boolean leave(FairQueue.Entry<Waiter> entry, boolean timeout) {
            boolean removed;
            lock.lock();
            try {
                removed = queue.remove(entry);
            } finally {
                lock.unlock();
            }
            if (removed) {
                listener.left(model, timeout ? "timeout" : "client_gone", ticker.nanos() - entry.enqueuedAt());
                if (!timeout) {
                    entry.payload().released.complete(false);
                }
                pump(); // a removed head may have been what blocked a band
            }
            return removed;
        }

        void finished(FairQueue.Entry<Waiter> entry) {
            lock.lock();
            try {
                queue.finished(entry);
            } finally {
                lock.unlock();
            }
            pump();
        }

        void charge(String user, TokenUsage usage) {
            lock.lock();
            try {
                queue.charge(user, usage.promptTokens(), usage.completionTokens(), ticker.nanos());
            } finally {
                lock.unlock();
            }
        }

        /** Releases what the gate lets through; keeps a recheck loop alive while anything waits. */
        void pump() {
            List<FairQueue.Entry<Waiter>> out;
            boolean waiting;
            List<PodLoad> loads = loads();
            long now = ticker.nanos();
            lock.lock();
            try {
                out = queue.dispatch(loads, now);
                waiting = queue.size() > 0;
            } finally {
                lock.unlock();
            }
            for (FairQueue.Entry<Waiter> e : out) {
                listener.left(model, "dispatched", now - e.enqueuedAt());
                e.payload().released.complete(true);
            }
            if (waiting && pumping.compareAndSet(false, true)) {
                Thread.ofVirtual().name("fairness-" + model).start(this::recheckLoop);
            }
        }

        private void recheckLoop() {
            try {
                while (true) {
                    Thread.sleep(recheck);
                    lock.lock();
                    try {
                        if (queue.size() == 0) {
                            pumping.set(false);
                            return;
                        }
                    } finally {
                        lock.unlock();
                    }
                    pumpOnce();
                }
            } catch (InterruptedException e) {
                pumping.set(false);
            }
        }

        private void pumpOnce() {
            List<PodLoad> loads = loads();
            long now = ticker.nanos();
            List<FairQueue.Entry<Waiter>> out;
            lock.lock();
            try {
                out = queue.dispatch(loads, now);
            } finally {
                lock.unlock();
            }
            for (FairQueue.Entry<Waiter> e : out) {
                listener.left(model, "dispatched", now - e.enqueuedAt());
                e.payload().released.complete(true);
            }
        }

        private List<PodLoad> loads() {
            List<Pod> ready = pods;
            List<PodLoad> out = new ArrayList<>(ready.size());
            java.time.Instant now = metrics == null ? null : clock.instant();
            for (Pod p : ready) {
                out.add(new PodLoad(inFlight.get(p.id()), metrics == null ? Optional.empty() : metrics.fresh(p.id(), now)));
            }
            return out;
        }

        QueueView view() {
            List<PodLoad> loads = loads();
            lock.lock();
            try {
                return new QueueView(model, queue.size(), queue.bytes(), queue.released(), queue.trackedUsers(),
                        queue.saturation(loads), queue.flows(ticker.nanos()));
            } finally {
                lock.unlock();
            }
        }
    }

    private static void closeQuietly(ResponseSink.Registration r) {
        try {
            r.close();
        } catch (Exception ignored) {
            // withdrawing a listener cannot fail in a way that matters here
        }
    }

    /** Queue sizes per model, for gauges (a draining replaced queue's added to its model's). */
    public Map<String, int[]> sizes() {
        Map<String, int[]> out = new TreeMap<>();
        for (QueueView v : queues()) {
            int[] s = out.computeIfAbsent(v.model(), m -> new int[2]);
            s[0] += v.queued();
            s[1] += v.inflight();
        }
        return out;
    }
}
