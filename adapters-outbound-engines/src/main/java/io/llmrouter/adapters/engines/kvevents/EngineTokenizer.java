package io.llmrouter.adapters.engines.kvevents;

import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.scheduling.framework.PromptTokens;
import io.llmrouter.domain.prefix.XxHash64;
import io.llmrouter.domain.scheduling.framework.SchedulingRequest;
import io.llmrouter.domain.server.ModelServer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The prompt's tokens from the target engine's own {@code POST /tokenize} (vLLM; SGLang serves the
 * same route), on a ready pod of the request's ModelServer, at its serving port.
 *
 * <pre>
 * body:   {"prompt": the router's prompt text, "add_special_tokens": true}, plus "model" for a LoRA
 *         (the chat conversation as the router renders it, ChatML; see the README's limits)
 * cache:  bounded LRU, keyed by ModelServer, LoRA, prompt length and xxh64 of the prompt bytes;
 *         concurrent misses for one prompt share one call
 * budget: the caller waits at most {@code budget}; a slower answer still fills the cache for the
 *         next request of the same prompt, and this one goes on without tokens (counted)
 * </pre>
 */
public final class EngineTokenizer implements PromptTokens {

    private static final JsonFactory JSON = new JsonFactory();

    private record Key(String server, String lora, int length, long hash) {
    }

    private final Datastore datastore;
    private final Duration budget;
    private final Duration timeout;
    private final int maxEntries;
    private final HttpClient http;
    private final LinkedHashMap<Key, int[]> cache = new LinkedHashMap<>(64, 0.75f, true);
    private final ReentrantLock cacheLock = new ReentrantLock();
    private final ConcurrentHashMap<Key, CompletableFuture<int[]>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public EngineTokenizer(Datastore datastore, Duration budget, Duration timeout, int maxEntries) {
        this.datastore = datastore;
        this.budget = budget;
        this.timeout = timeout;
        this.maxEntries = maxEntries;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Optional<int[]> tokens(SchedulingRequest request) {
        if (request.prompt().isEmpty()) {
            return Optional.empty();
        }
        byte[] text = request.prompt().utf8();
        Key key = new Key(request.server().id().toString(), request.loraAdapter().orElse(""), text.length,
                XxHash64.hash(text, 0, text.length, 0x70CE_11L));
        int[] known = cached(key);
        if (known != null) {
            hits.incrementAndGet();
            return Optional.of(known);
        }
        CompletableFuture<int[]> call = inFlight.computeIfAbsent(key, k -> fetch(k, request));
        try {
            return Optional.ofNullable(call.get(budget.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            late.incrementAndGet();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Answers served from the cache. */
    public long hits() {
        return hits.get();
    }

    /** Calls made to engines. */
    public long calls() {
        return calls.get();
    }

    /** Requests that went on without tokens because the answer was not there within the budget. */
    public long late() {
        return late.get();
    }

    public long failures() {
        return failures.get();
    }

    private CompletableFuture<int[]> fetch(Key key, SchedulingRequest request) {
        List<Pod> pods = datastore.snapshot().readyPods(request.server().id());
        if (pods.isEmpty()) {
            inFlight.remove(key);
            return CompletableFuture.completedFuture(null);
        }
        ModelServer server = request.server();
        Pod pod = pods.get(ThreadLocalRandom.current().nextInt(pods.size()));
        String host = pod.address().contains(":") ? "[" + pod.address() + "]" : pod.address();
        URI uri = URI.create("http://" + host + ":" + pod.portOr(server.workloadPort().port()) + "/tokenize");
        HttpRequest call = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(request.loraAdapter().orElse(null),
                        request.prompt().utf8()))).build();
        calls.incrementAndGet();
        // A pooled connection the engine has closed in the meantime fails at once: one fresh try.
        return http.sendAsync(call, HttpResponse.BodyHandlers.ofByteArray())
                .exceptionallyCompose(error -> unwrap(error) instanceof java.io.IOException
                        ? http.sendAsync(call, HttpResponse.BodyHandlers.ofByteArray())
                        : CompletableFuture.failedFuture(error))
                .thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/tokenize answered " + response.statusCode());
            }
            int[] tokens = parseTokens(response.body());
            remember(key, tokens);
            return tokens;
        }).whenComplete((tokens, error) -> {
            inFlight.remove(key);
            if (error != null) {
                failures.incrementAndGet();
            }
        });
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause()
                : error;
    }

    /**
     * The model is named only for a LoRA adapter (whose tokenizer may differ): vLLM's {@code model}
     * is optional and, when given, must be a served name, which the route's model need not be.
     */
    static byte[] body(String lora, byte[] prompt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(prompt.length + 64);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            if (lora != null) {
                json.writeStringField("model", lora);
            }
            json.writeFieldName("prompt");
            json.writeUTF8String(prompt, 0, prompt.length);
            json.writeBooleanField("add_special_tokens", true);
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** The {@code tokens} array of vLLM's answer ({@code {"count", "max_model_len", "tokens": [...]}}). */
    static int[] parseTokens(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("/tokenize answer is not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("tokens".equals(name) && value == JsonToken.START_ARRAY) {
                    int[] tokens = new int[256];
                    int n = 0;
                    while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                        if (n == tokens.length) {
                            tokens = Arrays.copyOf(tokens, n * 2);
                        }
                        tokens[n++] = p.getIntValue();
                    }
                    return Arrays.copyOf(tokens, n);
                }
                p.skipChildren();
            }
            throw new IllegalStateException("/tokenize answer without 'tokens'");
        } catch (IOException e) {
            throw new IllegalStateException("bad /tokenize answer: " + e.getMessage(), e);
        }
    }

    private int[] cached(Key key) {
        cacheLock.lock();
        try {
            return cache.get(key);
        } finally {
            cacheLock.unlock();
        }
    }

    private void remember(Key key, int[] tokens) {
        cacheLock.lock();
        try {
            cache.put(key, tokens);
            if (cache.size() > maxEntries) {
                Map.Entry<Key, int[]> eldest = cache.entrySet().iterator().next();
                cache.remove(eldest.getKey());
            }
        } finally {
            cacheLock.unlock();
        }
    }
}
