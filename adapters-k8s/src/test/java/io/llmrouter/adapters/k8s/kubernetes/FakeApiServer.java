package io.llmrouter.adapters.k8s.kubernetes;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API server fake that speaks the real list/watch protocol over HTTP on loopback, for
 * ModelRoute, ModelServer and Pod: lists with a collection resourceVersion, watches that stream
 * newline-delimited events from a given resourceVersion and block for new ones. Tests can cut every
 * watch mid-stream ({@link #disconnectWatches}), expire old resource versions so a resumed watch
 * gets HTTP 410 Gone as an ERROR event ({@link #expireHistory}), and take the server "down" (every
 * request answered 503, watches cut). No real API server can run on the build machines.
 */
public final class FakeApiServer implements AutoCloseable {

    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/networking\\.serving\\.volcano\\.sh/v1alpha1)(?:/namespaces/([^/]+))?/(pods|modelroutes|modelservers)$");

    private record Event(long version, String resource, String namespace, String type, JsonObject object) {
    }

    private final HttpServer server;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Map<String, JsonObject>> objects = new HashMap<>();
    private final List<Event> history = new ArrayList<>();
    private long version = 100;
    /** Watches from a version below this get 410 Gone, as after etcd compaction. */
    private long oldestWatchable = 0;
    /** Bumped to end every open watch. */
    private long watchGeneration = 0;
    private boolean down;
    private int watchRequests;
    private int listRequests;

    public FakeApiServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A kubeconfig file that points at this server, as {@code datastore.kubernetes.kubeconfig} would name. */
    public Path writeKubeconfig(Path dir) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: fake
                  cluster: {server: "%s"}
                users:
                - name: tester
                  user: {token: test-token}
                contexts:
                - name: fake
                  context: {cluster: fake, user: tester}
                current-context: fake
                """.formatted(url());
        try {
            Path file = dir.resolve("kubeconfig");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- test controls -------------------------------------------------------------------------

    /** Creates or replaces an object (JSON text with apiVersion, kind, metadata.name); returns its new version. */
    public long apply(String resource, String json) {
        JsonObject object = JsonParser.parseString(json).getAsJsonObject();
        lock.lock();
        try {
            JsonObject meta = object.getAsJsonObject("metadata");
            if (!meta.has("namespace")) {
                meta.addProperty("namespace", "default");
            }
            String key = meta.get("namespace").getAsString() + "/" + meta.get("name").getAsString();
            Map<String, JsonObject> of = objects.computeIfAbsent(resource, r -> new LinkedHashMap<>());
            JsonObject previous = of.get(key);
            long v = ++version;
            meta.addProperty("resourceVersion", Long.toString(v));
            meta.addProperty("uid", previous == null ? "uid-" + v : previous.getAsJsonObject("metadata").get("uid").getAsString());
            if (!meta.has("creationTimestamp")) {
                meta.addProperty("creationTimestamp", previous == null ? "2026-01-01T00:00:00Z"
                        : previous.getAsJsonObject("metadata").get("creationTimestamp").getAsString());
            }
            of.put(key, object);
            record(new Event(v, resource, meta.get("namespace").getAsString(), previous == null ? "ADDED" : "MODIFIED",
                    object.deepCopy()));
            return v;
        } finally {
            lock.unlock();
        }
    }

    public void delete(String resource, String namespace, String name) {
        lock.lock();
        try {
            JsonObject removed = objects.getOrDefault(resource, Map.of()).remove(namespace + "/" + name);
            if (removed == null) {
                throw new IllegalArgumentException("no " + resource + " " + namespace + "/" + name);
            }
            long v = ++version;
            JsonObject last = removed.deepCopy();
            last.getAsJsonObject("metadata").addProperty("resourceVersion", Long.toString(v));
            record(new Event(v, resource, namespace, "DELETED", last));
        } finally {
            lock.unlock();
        }
    }

    /** Ends every open watch at once, as a load balancer or API server restart does. */
    public void disconnectWatches() {
        disconnectWatches(() -> { });
    }

    /**
     * Ends every open watch, then makes {@code changes} before any watch can resume: no open watch
     * streams them, so a client sees them only by resuming from its last version.
     */
    public void disconnectWatches(Runnable changes) {
        lock.lock();
        try {
            watchGeneration++;
            changes.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends every watch, makes {@code changes}, then forgets the history (as etcd compaction does):
     * resuming from an old version gets 410 Gone, so a client sees the changes only by listing again.
     */
    public void expireHistory(Runnable changes) {
        lock.lock();
        try {
            watchGeneration++;
            changes.run();
            // A version of its own, so a relist returns one that is watchable again.
            oldestWatchable = ++version;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Down: every request gets 503 and open watches end; up again: served as before. */
    public void down(boolean isDown) {
        lock.lock();
        try {
            down = isDown;
            watchGeneration++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int watchRequests() {
        lock.lock();
        try {
            return watchRequests;
        } finally {
            lock.unlock();
        }
    }

    /** Full lists so far (informers listing), probes with {@code limit} not counted. */
    public int listRequests() {
        lock.lock();
        try {
            return listRequests;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        disconnectWatches();
        server.stop(0);
    }

    private void record(Event e) {
        history.add(e);
        changed.signalAll();
    }

    // ---- protocol ------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            lock.lock();
            boolean isDown;
            try {
                isDown = down;
            } finally {
                lock.unlock();
            }
            if (isDown) {
                send(exchange, 503, status(503, "ServiceUnavailable", "the fake API server is down"));
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") || !m.matches()) {
                send(exchange, 404, status(404, "NotFound", "not served by the fake: " + exchange.getRequestURI()));
                return;
            }
            String namespace = m.group(1);
            String resource = m.group(2);
            if ("true".equals(query.get("watch"))) {
                watch(exchange, resource, namespace, query.get("resourceVersion"));
            } else {
                list(exchange, resource, namespace, !query.containsKey("limit"));
            }
        }
    }

    /** {@code counted}: a full list (an informer's), not a probe with {@code limit}. */
    private void list(HttpExchange exchange, String resource, String namespace, boolean counted) throws IOException {
        JsonObject list = new JsonObject();
        lock.lock();
        try {
            if (counted) {
                listRequests++;
            }
            boolean pod = resource.equals("pods");
            list.addProperty("apiVersion", pod ? "v1" : "networking.serving.volcano.sh/v1alpha1");
            list.addProperty("kind", pod ? "PodList" : resource.equals("modelroutes") ? "ModelRouteList" : "ModelServerList");
            JsonObject meta = new JsonObject();
            meta.addProperty("resourceVersion", Long.toString(version));
            list.add("metadata", meta);
            JsonArray items = new JsonArray();
            objects.getOrDefault(resource, Map.of()).values().stream()
                    .filter(o -> namespace == null || namespace.equals(o.getAsJsonObject("metadata").get("namespace").getAsString()))
                    .forEach(o -> items.add(o.deepCopy()));
            list.add("items", items);
        } finally {
            lock.unlock();
        }
        send(exchange, 200, list);
    }

    private void watch(HttpExchange exchange, String resource, String namespace, String fromText) throws IOException {
        long from = fromText == null || fromText.isEmpty() ? 0 : Long.parseLong(fromText);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        long generation;
        int next;
        lock.lock();
        try {
            watchRequests++;
            generation = watchGeneration;
            if (from != 0 && from < oldestWatchable) {
                JsonObject error = new JsonObject();
                error.addProperty("type", "ERROR");
                error.add("object", status(410, "Expired", "too old resource version: " + from + " (" + oldestWatchable + ")"));
                lock.unlock();
                try {
                    writeLine(out, error);
                } finally {
                    lock.lock();
                }
                return;
            }
            next = 0;
            while (next < history.size() && history.get(next).version() <= from) {
                next++;
            }
        } finally {
            lock.unlock();
        }
        while (true) {
            List<Event> batch = new ArrayList<>();
            lock.lock();
            try {
                while (next >= history.size() && generation == watchGeneration) {
                    if (!changed.await(30, TimeUnit.SECONDS)) {
                        return;
                    }
                }
                if (generation != watchGeneration) {
                    return;
                }
                for (; next < history.size(); next++) {
                    Event e = history.get(next);
                    if (e.resource().equals(resource) && (namespace == null || namespace.equals(e.namespace()))) {
                        batch.add(e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            for (Event e : batch) {
                JsonObject event = new JsonObject();
                event.addProperty("type", e.type());
                event.add("object", e.object());
                writeLine(out, event);
            }
        }
    }

    private static void writeLine(OutputStream out, JsonElement e) throws IOException {
        out.write((e.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static JsonObject status(int code, String reason, String message) {
        JsonObject s = new JsonObject();
        s.addProperty("apiVersion", "v1");
        s.addProperty("kind", "Status");
        s.addProperty("status", "Failure");
        s.addProperty("reason", reason);
        s.addProperty("message", message);
        s.addProperty("code", code);
        return s;
    }

    private static void send(HttpExchange exchange, int code, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    // ---- object builders -----------------------------------------------------------------------

    /** A Running pod; {@code ready} sets its Ready condition. */
    public static String pod(String namespace, String name, String app, String ip, boolean ready) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","labels":{"app":"%s"}},
                 "spec":{"containers":[{"name":"engine","image":"vllm"}]},
                 "status":{"phase":"Running","podIP":"%s","conditions":[{"type":"Ready","status":"%s"}]}}
                """.formatted(name, namespace, app, ip, ready ? "True" : "False");
    }
}
