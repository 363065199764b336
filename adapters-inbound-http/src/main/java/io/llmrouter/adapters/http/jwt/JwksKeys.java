package io.llmrouter.adapters.http.jwt;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The issuer's signing keys, fetched from its JWKS endpoint and cached. Unlike Kthena (three tries
 * at startup, then nothing for seven days), a failed fetch is retried with backoff, the set is
 * refreshed on an interval, and a token whose {@code kid} is unknown triggers a refresh (keys
 * rotate), at most once per {@code minRefreshInterval} so forged kids cannot hammer the issuer.
 * Fetches never run on a request thread's critical path except that unknown-kid refresh, which is
 * bounded by the fetch timeout.
 */
final class JwksKeys implements JWKSource<SecurityContext>, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(JwksKeys.class.getName());
    private static final long MAX_JWKS_BYTES = 1 << 20;

    private final JwtSettings settings;
    private final WebClient client;
    private final LongSupplier nanos;
    private final AtomicReference<JWKSet> keys = new AtomicReference<>();
    private final AtomicLong lastAttempt = new AtomicLong(Long.MIN_VALUE);
    private final ReentrantLock fetching = new ReentrantLock();
    private final Thread refresher;
    private volatile boolean closed;

    JwksKeys(JwtSettings settings, LongSupplier nanos) {
        this.settings = requireNonNull(settings, "'settings' must not be null");
        this.nanos = nanos;
        this.client = WebClient.builder().connectTimeout(settings.fetchTimeout()).readTimeout(settings.fetchTimeout())
                .followRedirects(true).build();
        refresh("startup");
        this.refresher = Thread.ofVirtual().name("jwks-refresh").start(this::refreshLoop);
    }

    /** Whether a key set has been fetched at least once. */
    boolean available() {
        return keys.get() != null;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        JWKSet set = keys.get();
        List<JWK> found = set == null ? List.of() : selector.select(set);
        if (found.isEmpty() && mayRefreshNow()) {
            refresh(set == null ? "no keys yet" : "unknown key id");
            set = keys.get();
            found = set == null ? List.of() : selector.select(set);
        }
        if (set == null) {
            throw new KeySourceException("no signing keys could be fetched from " + settings.jwksUri() + " yet");
        }
        return found;
    }

    private boolean mayRefreshNow() {
        long last = lastAttempt.get();
        return last == Long.MIN_VALUE || nanos.getAsLong() - last >= settings.minRefreshInterval().toNanos();
    }

    /** One fetch; concurrent callers wait for it instead of fetching too. */
    private void refresh(String why) {
        fetching.lock();
        try {
            long started = nanos.getAsLong();
            if (lastAttempt.get() != Long.MIN_VALUE && started - lastAttempt.get() < settings.minRefreshInterval().toNanos()
                    && !why.equals("interval")) {
                return; // another caller just fetched
            }
            lastAttempt.set(started);
            JWKSet fetched = fetch();
            boolean first = keys.getAndSet(fetched) == null;
            if (first) {
                LOG.log(System.Logger.Level.INFO, "JWKS {0}: {1} key(s) loaded", settings.jwksUri(), fetched.size());
            }
        } catch (RuntimeException | java.text.ParseException e) {
            LOG.log(System.Logger.Level.WARNING, "JWKS {0}: fetch failed ({1}): {2}; {3}", settings.jwksUri(), why,
                    e.getMessage(), keys.get() == null ? "tokens are refused until it succeeds" : "keeping the keys held");
        } finally {
            fetching.unlock();
        }
    }

    private JWKSet fetch() throws java.text.ParseException {
        try (HttpClientResponse response = client.get(settings.jwksUri().toString()).request()) {
            if (response.status().code() != 200) {
                throw new IllegalStateException("HTTP " + response.status().code());
            }
            byte[] body;
            try (var in = response.inputStream()) {
                body = in.readNBytes((int) MAX_JWKS_BYTES + 1);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (body.length > MAX_JWKS_BYTES) {
                throw new IllegalStateException("JWKS larger than " + MAX_JWKS_BYTES + " bytes");
            }
            // Public keys only: a JWKS that carried private or symmetric keys would be a misconfiguration.
            return JWKSet.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8)).toPublicJWKSet();
        }
    }

    /** Backoff while nothing was ever fetched, then the regular interval. */
    private void refreshLoop() {
        Duration wait = settings.minRefreshInterval();
        while (!closed) {
            Duration next = keys.get() == null ? wait : settings.refreshInterval();
            try {
                Thread.sleep(next);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            refresh("interval");
            wait = keys.get() == null ? min(wait.multipliedBy(2), settings.refreshInterval()) : settings.minRefreshInterval();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        closed = true;
        refresher.interrupt();
    }
}
