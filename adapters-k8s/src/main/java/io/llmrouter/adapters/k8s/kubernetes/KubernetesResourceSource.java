package io.llmrouter.adapters.k8s.kubernetes;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.ListOptions;
import io.llmrouter.adapters.k8s.manifest.NotYetApplied;
import io.llmrouter.application.datastore.SourceState;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.port.ResourceListener;
import io.llmrouter.domain.port.ResourceSource;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.validation.Problem;
import io.llmrouter.domain.validation.ResourceSetValidator;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Kubernetes mode's {@link ResourceSource}: shared informers (official client) for Kthena's
 * {@code ModelRoute} and {@code ModelServer} ({@code networking.serving.volcano.sh/v1alpha1}, read
 * with {@link DynamicKubernetesApi}) and for {@code Pod}, in one namespace or all.
 *
 * <p>Contract, different from the files' in one way: {@link #start} returns at once and the first
 * set is delivered only when every informer has listed once, so readiness is 503 until then (as
 * Kthena's). After that each event (add, update, delete, relist after a broken or expired watch)
 * delivers a whole new set built from the informers' caches: a deleted object leaves routing with
 * the event that deleted it. An object that fails translation or validation is skipped and
 * reported with the set; the rest is served. While the API server is unreachable the informers keep
 * their caches and retry, so the router keeps serving the last state; {@link #state()} says so.
 */
/*
 * Threads: the informers' own threads call the handlers, which only mark the set dirty and wake the
 * one rebuild thread; rebuilding reads the caches (thread-safe indexers), so events that arrive
 * while a rebuild runs lead to one more rebuild, never to a lost change. The probe thread lists one
 * ModelRoute every probeInterval: the informers do not tell when a failed list succeeds again.
 */
public final class KubernetesResourceSource implements ResourceSource {

    public static final String GROUP = "networking.serving.volcano.sh";
    public static final String VERSION = "v1alpha1";
    private static final System.Logger LOG = System.getLogger(KubernetesResourceSource.class.getName());
    private static final long SYNC_CHECK_MILLIS = 20;

    private final ApiClient client;
    private final KubernetesSettings settings;
    private final Clock clock;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    private final AtomicReference<String> lastEvent = new AtomicReference<>("initial list");
    private final AtomicReference<SourceState> state;
    private final CrdObjects crds = new CrdObjects();
    private ResourceListener listener;
    /**
     * One factory per informer: a factory keys its informers by Java type, and both CRDs are read as
     * {@link DynamicKubernetesObject}, so in one factory the second would replace the first.
     */
    private final List<SharedInformerFactory> factories = new ArrayList<>();
    private SharedIndexInformer<DynamicKubernetesObject> routes;
    private SharedIndexInformer<DynamicKubernetesObject> servers;
    private SharedIndexInformer<V1Pod> pods;
    private DynamicKubernetesApi routesApi;
    private ExecutorService rebuilder;
    private ScheduledExecutorService probe;
    private ScheduledFuture<?> syncCheck;
    /** Only the rebuild thread reads and writes these. */
    private ResourceSet delivered;
    private List<Problem> deliveredProblems = List.of();
    private volatile boolean closed;

    public KubernetesResourceSource(ApiClient client, KubernetesSettings settings, Clock clock) {
        this.client = requireNonNull(client, "'client' must not be null");
        this.settings = requireNonNull(settings, "'settings' must not be null");
        this.clock = requireNonNull(clock, "'clock' must not be null");
        this.state = new AtomicReference<>(new SourceState(false, false, Optional.empty(), Optional.empty(),
                "waiting for the first list of ModelRoutes, ModelServers and Pods"));
    }

    @Override
    public void start(ResourceListener listener) {
        lifecycle.lock();
        try {
            if (this.listener != null) {
                throw new IllegalStateException("already started");
            }
            this.listener = requireNonNull(listener, "'listener' must not be null");
            String namespace = settings.namespace().orElse("");
            long resync = settings.resync().toMillis();
            routesApi = new DynamicKubernetesApi(GROUP, VERSION, "modelroutes", client);
            routes = factory().sharedIndexInformerFor(routesApi, DynamicKubernetesObject.class, resync, namespace,
                    (type, t) -> failed("ModelRoutes", t));
            servers = factory().sharedIndexInformerFor(new DynamicKubernetesApi(GROUP, VERSION, "modelservers", client),
                    DynamicKubernetesObject.class, resync, namespace, (type, t) -> failed("ModelServers", t));
            pods = factory().sharedIndexInformerFor(new GenericKubernetesApi<>(V1Pod.class, V1PodList.class, "", "v1",
                    "pods", client), V1Pod.class, resync, namespace, (type, t) -> failed("Pods", t));
            routes.addEventHandler(handler("ModelRoute"));
            servers.addEventHandler(handler("ModelServer"));
            pods.addEventHandler(handler("Pod"));
            rebuilder = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("k8s-datastore").factory());
            probe = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("k8s-probe").factory());
            factories.forEach(SharedInformerFactory::startAllRegisteredInformers);
            syncCheck = probe.scheduleWithFixedDelay(this::checkSynced, 0, SYNC_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            long every = settings.probeInterval().toMillis();
            probe.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "watching ModelRoutes, ModelServers and Pods in {0} at {1}", settings.scope(),
                    client.getBasePath());
        } finally {
            lifecycle.unlock();
        }
    }

    @Override
    public String describe() {
        return "kubernetes: " + settings.scope();
    }

    /** Synced, connected, last confirmed and since when not: for readiness, debug and metrics. */
    public SourceState state() {
        return state.get();
    }

    @Override
    public void close() {
        lifecycle.lock();
        try {
            closed = true;
            if (probe != null) {
                factories.forEach(f -> f.stopAllRegisteredInformers(true));
                probe.shutdownNow();
                rebuilder.shutdownNow();
            }
        } finally {
            lifecycle.unlock();
        }
    }

    private SharedInformerFactory factory() {
        SharedInformerFactory factory = new SharedInformerFactory(client);
        factories.add(factory);
        return factory;
    }

    private boolean synced() {
        return routes.hasSynced() && servers.hasSynced() && pods.hasSynced();
    }

    private void checkSynced() {
        if (synced()) {
            markSynced();
            requestRebuild();
            syncCheck.cancel(false);
        }
    }

    /** Once, by whichever sees it first (the sync check or a rebuild): before the first set is delivered. */
    private void markSynced() {
        SourceState before = state.get();
        if (!before.synced() && state.compareAndSet(before,
                new SourceState(true, true, Optional.of(clock.instant()), Optional.empty(), "synced"))) {
            LOG.log(Level.INFO, "first list of ModelRoutes, ModelServers and Pods done ({0})", settings.scope());
        }
    }

    private <T extends KubernetesObject> ResourceEventHandler<T> handler(String kind) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed(kind, obj, "added");
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed(kind, newObj, "updated");
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                changed(kind, obj, "deleted");
            }
        };
    }

    private void changed(String kind, KubernetesObject obj, String what) {
        String name = obj.getMetadata() == null ? "" : " " + obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
        lastEvent.set(kind + name + " " + what);
        requestRebuild();
    }

    /** At most one rebuild queued: it reads the caches when it runs, so it covers every event before it. */
    private void requestRebuild() {
        if (closed || !rebuildPending.compareAndSet(false, true)) {
            return;
        }
        try {
            rebuilder.execute(() -> {
                rebuildPending.set(false);
                rebuildSafely();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            rebuildPending.set(false);
        }
    }

    private void rebuildSafely() {
        try {
            rebuild();
        } catch (RuntimeException e) {
            // A bug in one rebuild must not end the watch: the next event deserves its chance.
            LOG.log(Level.ERROR, "rebuilding the routing state from Kubernetes failed; watching on", e);
        }
    }

    private void rebuild() {
        if (closed || !synced()) {
            return;
        }
        markSynced();
        List<Problem> problems = new ArrayList<>();
        List<ModelRoute> routeList = new ArrayList<>();
        List<ModelServer> serverList = new ArrayList<>();
        crds.beginRound();
        for (DynamicKubernetesObject o : routes.getIndexer().list()) {
            CrdObjects.Translated<ModelRoute> t = crds.route(o);
            t.value().ifPresent(routeList::add);
            problems.addAll(t.problems());
        }
        for (DynamicKubernetesObject o : servers.getIndexer().list()) {
            CrdObjects.Translated<ModelServer> t = crds.server(o);
            t.value().ifPresent(serverList::add);
            problems.addAll(t.problems());
        }
        crds.endRound();
        List<Pod> podList = new ArrayList<>();
        for (V1Pod p : pods.getIndexer().list()) {
            // Only pods some ModelServer selects: the namespace's other pods are none of the router's business.
            PodTranslator.endpoint(p).filter(pod -> selected(pod, serverList)).ifPresent(podList::add);
        }
        routeList.sort(Comparator.comparing(ModelRoute::id));
        serverList.sort(Comparator.comparing(ModelServer::id));
        podList.sort(Comparator.comparing(Pod::id));
        ResourceSet set = new ResourceSet(routeList, serverList, podList);
        problems.addAll(ResourceSetValidator.validate(set));
        problems.addAll(NotYetApplied.warnings(set));
        if (set.equals(delivered) && problems.equals(deliveredProblems)) {
            return;
        }
        delivered = set;
        deliveredProblems = List.copyOf(problems);
        listener.accepted(set, problems, "kubernetes: " + lastEvent.get());
    }

    private static boolean selected(Pod pod, List<ModelServer> servers) {
        return servers.stream().anyMatch(s -> s.id().namespace().equals(pod.id().namespace())
                && s.selector().selects(pod.meta().labels()));
    }

    /** An informer's list or watch failed; it retries by itself, the router serves what it has. */
    private void failed(String what, Throwable t) {
        if (closed) {
            return;
        }
        String reason = what + ": " + describe(t);
        SourceState before = state.get();
        Instant since = before.disconnectedSince().orElse(clock.instant());
        boolean synced = before.synced() || synced();
        state.set(new SourceState(synced, false, before.lastSync(), Optional.of(since),
                synced ? disconnectedDetail(before.lastSync(), reason)
                        : "API server unreachable (" + reason + "); not ready until ModelRoutes, ModelServers and Pods"
                        + " are listed once"));
        if (before.connected() || before.disconnectedSince().isEmpty()) {
            LOG.log(Level.WARNING, "Kubernetes API server unreachable ({0}); serving the last known state and"
                    + " retrying", reason);
        }
    }

    private void probe() {
        try {
            ListOptions one = new ListOptions();
            one.setLimit(1);
            KubernetesApiResponse<DynamicKubernetesListObject> response = settings.namespace().isPresent()
                    ? routesApi.list(settings.namespace().get(), one) : routesApi.list(one);
            if (!response.isSuccess()) {
                failed("probe", new IllegalStateException("HTTP " + response.getHttpStatusCode()
                        + (response.getStatus() == null ? "" : " " + response.getStatus().getMessage())));
                return;
            }
            if (!synced()) {
                return;
            }
            SourceState before = state.get();
            state.set(new SourceState(true, true, Optional.of(clock.instant()), Optional.empty(), "synced"));
            if (!before.connected() && before.synced()) {
                LOG.log(Level.INFO, "Kubernetes API server reachable again; informers resume from their last"
                        + " resource version");
                // The informers relist on their own; a rebuild now makes sure the set reflects their caches.
                requestRebuild();
            }
        } catch (RuntimeException e) {
            failed("probe", e);
        }
    }

    private static String disconnectedDetail(Optional<Instant> lastSync, String reason) {
        return "API server unreachable (" + reason + "); serving the last known state"
                + lastSync.map(t -> " confirmed at " + t).orElse(" (none yet)");
    }

    private static String describe(Throwable t) {
        if (t instanceof io.kubernetes.client.openapi.ApiException api && api.getCode() != 0) {
            // Its message is the whole response dump over many lines; the status code says it.
            return "HTTP " + api.getCode();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
