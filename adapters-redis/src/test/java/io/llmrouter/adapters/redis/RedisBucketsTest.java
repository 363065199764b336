package io.llmrouter.adapters.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.ratelimit.BucketKey;
import io.llmrouter.domain.ratelimit.BucketStore;
import io.llmrouter.domain.ratelimit.Limit;
import io.llmrouter.domain.ratelimit.LimitType;
import io.llmrouter.testkit.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real redis-server: the bucket semantics, Kthena's key layout, outages. */
class RedisBucketsTest {

    /**
     * Kthena's AllowN semantics as its docs and code describe them (refill from TIME, a missing key is
     * full, take only when enough is left, HSET tokens/last_update and EXPIRE on both branches),
     * written here so the test plays a Kthena router sharing the bucket.
     */
    private static final String KTHENA_ALLOW_N = """
            local key = KEYS[1]
            local requested = tonumber(ARGV[1])
            local capacity = tonumber(ARGV[2])
            local rate = tonumber(ARGV[3])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
            local s = redis.call('HMGET', key, 'tokens', 'last_update')
            local tokens = tonumber(s[1])
            local last = tonumber(s[2])
            if tokens == nil then tokens = capacity; last = now end
            tokens = math.min(capacity, tokens + math.max(0, now - last) * rate)
            local allowed = 0
            if tokens >= requested then tokens = tokens - requested; allowed = 1 end
            redis.call('HSET', key, 'tokens', tokens, 'last_update', now)
            redis.call('EXPIRE', key, tonumber(ARGV[4]))
            return allowed
            """;

    private static RedisProcess redis;
    // A day's limit refills about 0.01 tokens per second: the tests' few seconds do not move the levels.
    private static final Limit DAILY = new Limit(1000, Duration.ofDays(1));

    @BeforeAll
    static void startRedis() throws Exception {
        if (RedisProcess.missing().isPresent()) {
            if (System.getenv("CI") != null) {
                throw new AssertionError(RedisProcess.missing().get() + ": CI must run the Redis tests");
            }
            org.junit.jupiter.api.Assumptions.abort(RedisProcess.missing().get() + "; skipped outside CI");
        }
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void takesRefundsAndChargesPastZeroInOneHashPerBucket() throws Exception {
        try (RedisBuckets store = new RedisBuckets(redis.address(), RedisSettings.DEFAULT)) {
            BucketKey key = BucketKey.kthenaModel("model-a", LimitType.OUTPUT_TOKENS);
            BucketStore.Take first = store.take(key, DAILY, 600, 600);
            assertTrue(first.granted());
            assertEquals(400, first.level(), 0.1);
            assertFalse(store.take(key, DAILY, 500, 500).granted());
            assertEquals(-800, store.adjust(key, DAILY, -1200), 0.1, "a long answer is paid for");
            assertEquals(1000, store.adjust(key, DAILY, 1_000_000), 0.1, "a refund stops at capacity");
            assertEquals("kthena:ratelimit:model-a:output", key.sharedKey());
            long ttl = Long.parseLong(redis.command("TTL", key.sharedKey()));
            assertTrue(ttl > 200_000 && ttl <= 259_200, "three units (3 days) of expiry: " + ttl);
        }
    }

    @Test
    void aBucketWrittenByKthenaIsHonouredAndOursIsReadByKthena() throws Exception {
        BucketKey key = BucketKey.kthenaModel("shared-model", LimitType.INPUT_TOKENS);
        // Kthena takes 900 of 1,000.
        assertEquals("1", redis.command("EVAL", KTHENA_ALLOW_N, "1", key.sharedKey(), "900", "1000",
                Double.toString(DAILY.refillPerSecond()), "600"));
        try (RedisBuckets store = new RedisBuckets(redis.address(), RedisSettings.DEFAULT)) {
            assertFalse(store.take(key, DAILY, 200, 200).granted(), "only ~100 left after Kthena's take");
            assertTrue(store.take(key, DAILY, 100, 100).granted());
            store.adjust(key, DAILY, -50); // an overshoot settled: the bucket is now in debt
        }
        assertEquals("0", redis.command("EVAL", KTHENA_ALLOW_N, "1", key.sharedKey(), "1", "1000",
                Double.toString(DAILY.refillPerSecond()), "600"), "Kthena sees the debt and refuses");
    }

    @Test
    void aServerThatIsDownIsUnavailableAndTheStoreReconnectsWhenItIsBack() throws Exception {
        try (RedisProcess own = RedisProcess.start();
             RedisBuckets store = new RedisBuckets(own.address(), new RedisSettings(java.util.Optional.empty(),
                     java.util.Optional.empty(), false, Duration.ofSeconds(1), Duration.ofSeconds(2), 2))) {
            BucketKey key = BucketKey.tenant("acme", LimitType.REQUESTS);
            assertTrue(store.take(key, DAILY, 1, 1).granted());
            own.stop();
            assertThrows(BucketStore.Unavailable.class, () -> store.take(key, DAILY, 1, 1));
            own.startAgain();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            BucketStore.Take after = null;
            while (after == null && System.nanoTime() < deadline) {
                try {
                    after = store.take(key, DAILY, 1, 1);
                } catch (BucketStore.Unavailable e) {
                    Thread.sleep(100);
                }
            }
            assertTrue(after != null && after.granted(), "answers again after the restart");
            assertEquals(999, after.level(), 0.1, "a restarted, empty Redis counts the bucket as full again");
        }
    }

    @Test
    void aPasswordProtectedRedisNeedsThePassword() throws Exception {
        try (RedisProcess locked = RedisProcess.start("s3cret-pass")) {
            BucketKey key = BucketKey.tenant("acme", LimitType.INPUT_TOKENS);
            try (RedisBuckets withPassword = new RedisBuckets(locked.address(), new RedisSettings(java.util.Optional.empty(),
                    java.util.Optional.of("s3cret-pass"), false, Duration.ofSeconds(1), Duration.ofSeconds(2), 1))) {
                assertTrue(withPassword.take(key, DAILY, 10, 10).granted());
            }
            try (RedisBuckets without = new RedisBuckets(locked.address(), new RedisSettings(java.util.Optional.empty(),
                    java.util.Optional.empty(), false, Duration.ofSeconds(1), Duration.ofSeconds(2), 1))) {
                BucketStore.Unavailable e = assertThrows(BucketStore.Unavailable.class, () -> without.take(key, DAILY, 1, 1));
                assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
            }
            assertFalse(new RedisSettings(java.util.Optional.empty(), java.util.Optional.of("s3cret-pass"), false,
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 1).toString().contains("s3cret"));
        }
    }

    @Test
    void aRedisThatIsDownAtStartIsNotAnError() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (RedisBuckets store = new RedisBuckets("127.0.0.1:" + port, new RedisSettings(java.util.Optional.empty(),
                java.util.Optional.empty(), false, Duration.ofMillis(200), Duration.ofMillis(500), 1))) {
            assertThrows(BucketStore.Unavailable.class,
                    () -> store.take(BucketKey.tenant("t", LimitType.REQUESTS), DAILY, 1, 1));
        }
    }
}
