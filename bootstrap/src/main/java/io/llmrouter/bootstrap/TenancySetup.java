package io.llmrouter.bootstrap;

import io.llmrouter.adapters.http.AuthFilter;
import io.llmrouter.adapters.http.jwt.JwtVerifier;
import io.llmrouter.adapters.redis.RedisBucketStores;
import io.llmrouter.application.observe.RequestObserver;
import io.llmrouter.application.ratelimit.BucketStores;
import io.llmrouter.application.ratelimit.SharedBuckets;
import io.llmrouter.application.ratelimit.TokenBudgets;
import io.llmrouter.bootstrap.config.AuthConfig;
import io.llmrouter.bootstrap.config.RateLimitsConfig;
import io.llmrouter.bootstrap.config.TenancyConfig;
import io.llmrouter.domain.port.Ticker;
import io.llmrouter.domain.tenancy.TokenVerifier;
import io.llmrouter.domain.ratelimit.LocalBuckets;
import io.llmrouter.domain.ratelimit.RateLimiter;
import io.llmrouter.domain.tenancy.ApiKeys;
import io.llmrouter.domain.tenancy.Authenticator;
import io.llmrouter.domain.inference.IdentityHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Authentication and token rate limits, built from the config: the authenticator (inline keys,
 * the reloaded keys file, the JWT verifier), the identity headers, and the token budgets with their
 * local and Redis buckets. Closes what it opened.
 */
final class TenancySetup implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TenancySetup.class.getName());
    /** Full local buckets are forgotten this often: memory follows the callers active within a unit. */
    private static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

    private final Authenticator authenticator;
    private final IdentityHeaders identity;
    private final TokenBudgets budgets;
    private final BucketStores stores;
    private final Optional<JwtVerifier> jwt;
    private final Optional<ApiKeyFile> keyFile;
    private final Thread sweeper;
    private final RedisState redisState;

    private TenancySetup(Authenticator authenticator, IdentityHeaders identity, TokenBudgets budgets,
                         BucketStores stores, Optional<JwtVerifier> jwt, Optional<ApiKeyFile> keyFile,
                         RedisState redisState) {
        this.redisState = redisState;
        this.authenticator = authenticator;
        this.identity = identity;
        this.budgets = budgets;
        this.stores = stores;
        this.jwt = jwt;
        this.keyFile = keyFile;
        this.sweeper = Thread.ofVirtual().name("rate-limit-sweep").start(this::sweep);
    }

    static TenancySetup from(TenancyConfig config, Duration pollInterval, Ticker ticker) {
        AuthConfig auth = config.auth();
        Optional<ApiKeyFile> keyFile = auth.apiKeyFile().map(f -> new ApiKeyFile(f, auth.apiKeys(), pollInterval));
        ApiKeys inline = new ApiKeys(auth.apiKeys());
        Supplier<ApiKeys> keys = keyFile.<Supplier<ApiKeys>>map(f -> f).orElse(() -> inline);
        Optional<JwtVerifier> jwt = auth.jwt().map(JwtVerifier::new);
        Authenticator authenticator = new Authenticator(auth.required(), keys, jwt.map(v -> (TokenVerifier) v));
        RateLimitsConfig limits = config.rateLimits();
        RedisState redisState = new RedisState();
        BucketStores stores = new BucketStores(new LocalBuckets(ticker), new RedisBucketStores(limits.redis()),
                limits.replicas(), limits.failurePolicy(), ticker, limits.retryInterval(), redisState);
        TokenBudgets budgets = new TokenBudgets(new RateLimiter(stores), limits::tenants, limits::redisAddress,
                limits.defaultOutputReservation());
        return new TenancySetup(authenticator, new IdentityHeaders(auth.headers(), auth.forwardCredentials()), budgets,
                stores, jwt, keyFile, redisState);
    }

    AuthFilter filter(RequestObserver observer, Ticker ticker) {
        return new AuthFilter(authenticator, observer, ticker);
    }

    IdentityHeaders identity() {
        return identity;
    }

    TokenBudgets budgets() {
        return budgets;
    }

    BucketStores stores() {
        return stores;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    private void sweep() {
        while (true) {
            try {
                Thread.sleep(SWEEP_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            stores.local().sweep();
        }
    }

    /** Exposes each shared store's state as a gauge, those opened so far and those opened later. */
    void exposeStores(java.util.function.Consumer<SharedBuckets> gauge) {
        redisState.gauge = gauge;
        stores.shared().forEach(gauge);
    }

    /** One log line per Redis state change, never per request; and a gauge per store. */
    private static final class RedisState implements SharedBuckets.StateListener {
        private volatile java.util.function.Consumer<SharedBuckets> gauge = store -> { };

        @Override
        public void changed(String address, boolean available, String reason) {
            if (available) {
                LOG.log(System.Logger.Level.INFO, "rate limits: Redis {0} is answering again; shared limits apply",
                        address);
            } else {
                LOG.log(System.Logger.Level.WARNING, "rate limits: Redis {0} is unreachable ({1}); the failure policy"
                        + " applies until it answers", address, reason);
            }
        }

        @Override
        public void opened(SharedBuckets store) {
            gauge.accept(store);
        }
    }

    @Override
    public void close() {
        sweeper.interrupt();
        stores.close();
        jwt.ifPresent(JwtVerifier::close);
        keyFile.ifPresent(ApiKeyFile::close);
    }
}
