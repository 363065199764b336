package io.llmrouter.adapters.redis;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.ratelimit.BucketKey;
import io.llmrouter.domain.ratelimit.BucketStore;
import io.llmrouter.domain.ratelimit.Limit;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Token buckets in one Redis server, wire-compatible with Kthena's global limiter: a hash per
 * bucket at {@link BucketKey#sharedKey()} with fields {@code tokens} and {@code last_update}
 * (seconds, from the server's {@code TIME}, so replicas need no clock agreement), a missing hash
 * counting as full, the same refill ({@code min(capacity, tokens + elapsed * rate)}) and the same
 * {@code EXPIRE} (three units, clamped to 10 minutes .. 90 days). Each operation is one Lua script,
 * so it is atomic across every replica and every Kthena router using the same keys. Where this
 * router differs is on purpose: {@code adjust} charges past zero and refunds (Kthena's
 * {@code AllowN} takes nothing when the charge exceeds what is left, so long answers are free).
 *
 * <p>The client connects on first use and again after a failure: a Redis that is down at startup
 * is not a router that cannot start.
 */
final class RedisBuckets implements BucketStore, AutoCloseable {

    /** KEYS[1]: bucket; ARGV: mode (take|adjust), amount, required, capacity, refill per second, expire seconds. */
    static final String SCRIPT = """
            local now_parts = redis.call('TIME')
            local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
            local capacity = tonumber(ARGV[4])
            local rate = tonumber(ARGV[5])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'last_update')
            local tokens = tonumber(state[1])
            local last = tonumber(state[2])
            if tokens == nil or last == nil then
              tokens = capacity
              last = now
            end
            local elapsed = now - last
            if elapsed < 0 then elapsed = 0 end
            tokens = math.min(capacity, tokens + elapsed * rate)
            local granted = 1
            if ARGV[1] == 'take' then
              if tokens >= tonumber(ARGV[3]) then
                tokens = tokens - tonumber(ARGV[2])
              else
                granted = 0
              end
            else
              tokens = math.min(capacity, tokens + tonumber(ARGV[2]))
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'last_update', tostring(now))
            redis.call('EXPIRE', KEYS[1], tonumber(ARGV[6]))
            return {granted, tostring(tokens)}
            """;

    private static final long MIN_EXPIRE_SECONDS = 600;
    private static final long MAX_EXPIRE_SECONDS = 7_776_000;

    private final String address;
    private final RedisSettings settings;
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile RedissonClient client;

    RedisBuckets(String address, RedisSettings settings) {
        this.address = requireNonNull(address, "'address' must not be null");
        this.settings = requireNonNull(settings, "'settings' must not be null");
    }

    @Override
    public Take take(BucketKey key, Limit limit, long amount, long required) {
        List<Object> reply = run("take", key, limit, amount, required);
        return new Take(Long.parseLong(String.valueOf(reply.get(0))) == 1, Double.parseDouble(String.valueOf(reply.get(1))));
    }

    @Override
    public double adjust(BucketKey key, Limit limit, long delta) {
        return Double.parseDouble(String.valueOf(run("adjust", key, limit, delta, 0).get(1)));
    }

    static long expireSeconds(Limit limit) {
        return Math.max(MIN_EXPIRE_SECONDS, Math.min(MAX_EXPIRE_SECONDS, 3 * limit.unit().toSeconds()));
    }

    private List<Object> run(String mode, BucketKey key, Limit limit, long amount, long required) {
        try {
            RScript script = client().getScript(StringCodec.INSTANCE);
            List<Object> reply = script.eval(RScript.Mode.READ_WRITE, SCRIPT, RScript.ReturnType.LIST,
                    List.of(key.sharedKey()), mode, Long.toString(amount), Long.toString(required),
                    Double.toString(limit.capacity()), Double.toString(limit.refillPerSecond()),
                    Long.toString(expireSeconds(limit)));
            if (reply == null || reply.size() != 2) {
                throw new IllegalStateException("unexpected script reply " + reply);
            }
            return reply;
        } catch (Unavailable e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Unavailable("Redis " + address + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private RedissonClient client() {
        RedissonClient c = client;
        if (c != null) {
            return c;
        }
        connecting.lock();
        try {
            if (client == null) {
                client = Redisson.create(config());
            }
            return client;
        } finally {
            connecting.unlock();
        }
    }

    private Config config() {
        Config config = new Config();
        int timeout = (int) settings.timeout().toMillis();
        var server = config.useSingleServer()
                .setAddress((settings.tls() ? "rediss://" : "redis://") + address)
                .setConnectTimeout((int) settings.connectTimeout().toMillis())
                .setTimeout(timeout)
                .setRetryAttempts(0)
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(settings.connections());
        settings.password().ifPresent(server::setPassword);
        settings.username().ifPresent(server::setUsername);
        // Lazy connection: the first eval connects, and a failure is an Unavailable like any other.
        server.setConnectionMinimumIdleSize(0);
        return config;
    }

    @Override
    public void close() {
        RedissonClient c = client;
        if (c != null) {
            c.shutdown();
        }
    }
}
