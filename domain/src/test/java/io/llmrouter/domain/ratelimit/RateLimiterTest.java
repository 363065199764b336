package io.llmrouter.domain.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.inference.TokenUsage;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Reserve then settle on local buckets, with a virtual clock. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LocalBuckets buckets = new LocalBuckets(now::get);
    private final RateLimiter limiter = new RateLimiter(rule -> buckets);

    private static LimitRule rule(LimitType type, long perMinute) {
        return new LimitRule(BucketKey.route("default", "chat", type), new Limit(perMinute, Duration.ofMinutes(1)),
                Optional.empty(), "ModelRoute default/chat");
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aBucketNeverSeenIsFullAndRefillsAtTheLimitsRate() {
        LimitRule input = rule(LimitType.INPUT_TOKENS, 600); // 10 per second
        assertEquals(new BucketStore.Take(true, 100), buckets.take(input.key(), input.limit(), 500, 500));
        assertFalse(buckets.take(input.key(), input.limit(), 101, 101).granted());
        advance(Duration.ofSeconds(1));
        assertEquals(new BucketStore.Take(true, 9), buckets.take(input.key(), input.limit(), 101, 101));
        advance(Duration.ofHours(1));
        assertEquals(600, buckets.adjust(input.key(), input.limit(), 0), "refill stops at capacity");
    }

    @Test
    void aLongAnswerIsChargedPastZeroAndTheNextRequestWaitsForTheDebt() {
        LimitRule output = rule(LimitType.OUTPUT_TOKENS, 600);
        Reservation r = admitted(limiter.admit(List.of(new Demand(output, 100, 100))));
        r.settleUsed(new TokenUsage(10, 1_100)); // 1,000 more than reserved: Kthena would charge nothing
        assertEquals(-500, buckets.adjust(output.key(), output.limit(), 0), 1e-9);
        RateLimiter.Admission.Refused refused = assertInstanceOf(RateLimiter.Admission.Refused.class,
                limiter.admit(List.of(new Demand(output, 1, 1))));
        assertEquals(RateLimiter.Refusal.EXHAUSTED, refused.why());
        // 501 tokens at 10 per second: 50.1 s.
        assertEquals(Duration.ofMillis(50_100), refused.retryAfter().orElseThrow());
        advance(Duration.ofMillis(50_100));
        assertInstanceOf(RateLimiter.Admission.Admitted.class, limiter.admit(List.of(new Demand(output, 1, 1))));
    }

    @Test
    void aReservationLargerThanTheUsageIsRefundedAndSettlingTwiceDoesNothing() {
        LimitRule input = rule(LimitType.INPUT_TOKENS, 1000);
        Reservation r = admitted(limiter.admit(List.of(new Demand(input, 400, 400))));
        r.settleUsed(new TokenUsage(250, 5));
        r.settleUsed(new TokenUsage(250, 5));
        r.refund();
        assertEquals(750, buckets.adjust(input.key(), input.limit(), 0), 1e-9);
    }

    @Test
    void aRefusalGivesBackWhatEarlierBucketsTookSoItCostsNothing() {
        LimitRule input = rule(LimitType.INPUT_TOKENS, 1000);
        LimitRule tenantRequests = new LimitRule(BucketKey.tenant("acme", LimitType.REQUESTS),
                new Limit(1, Duration.ofMinutes(1)), Optional.empty(), "tenant acme");
        admitted(limiter.admit(List.of(new Demand(tenantRequests, 1, 1))));
        RateLimiter.Admission second = limiter.admit(List.of(new Demand(input, 300, 300),
                new Demand(tenantRequests, 1, 1)));
        RateLimiter.Admission.Refused refused = assertInstanceOf(RateLimiter.Admission.Refused.class, second);
        assertEquals(LimitType.REQUESTS, refused.demand().rule().type());
        assertEquals(1, refused.others().size(), "the input bucket had admitted");
        assertEquals(1000, buckets.adjust(input.key(), input.limit(), 0), 1e-9, "and got its 300 back");
    }

    @Test
    void aPromptLargerThanTheWholeLimitIsNeverAdmittedAndTakesNothing() {
        LimitRule input = rule(LimitType.INPUT_TOKENS, 100);
        RateLimiter.Admission.Refused refused = assertInstanceOf(RateLimiter.Admission.Refused.class,
                limiter.admit(List.of(new Demand(input, 101, 101))));
        assertEquals(RateLimiter.Refusal.NEVER_FITS, refused.why());
        assertTrue(refused.retryAfter().isEmpty(), "waiting would not help");
        assertEquals(100, buckets.adjust(input.key(), input.limit(), 0), 1e-9);
    }

    @Test
    void anOutputDemandNeedsOnlyItsRequiredLevelButReservesItsAmount() {
        LimitRule output = rule(LimitType.OUTPUT_TOKENS, 100);
        buckets.adjust(output.key(), output.limit(), -99); // 1 left
        Reservation r = admitted(limiter.admit(List.of(new Demand(output, 50, 1))));
        assertEquals(-49, r.taken().get(0).levelAfter(), 1e-9);
    }

    @Test
    void aStoreThatCannotAnswerRefusesWithAShortRetryAndGivesBackEarlierTakes() {
        LimitRule local = rule(LimitType.INPUT_TOKENS, 1000);
        LimitRule shared = new LimitRule(BucketKey.kthenaModel("m", LimitType.OUTPUT_TOKENS),
                new Limit(1000, Duration.ofMinutes(1)), Optional.of("127.0.0.1:1"), "ModelRoute default/chat");
        BucketStore down = new BucketStore() {
            @Override
            public Take take(BucketKey key, Limit limit, long amount, long required) {
                throw new Unavailable("down", null);
            }

            @Override
            public double adjust(BucketKey key, Limit limit, long delta) {
                throw new Unavailable("down", null);
            }
        };
        RateLimiter mixed = new RateLimiter(r -> r.shared() ? down : buckets);
        RateLimiter.Admission.Refused refused = assertInstanceOf(RateLimiter.Admission.Refused.class,
                mixed.admit(List.of(new Demand(local, 10, 10), new Demand(shared, 10, 10))));
        assertEquals(RateLimiter.Refusal.STORE_UNAVAILABLE, refused.why());
        assertEquals(1000, buckets.adjust(local.key(), local.limit(), 0), 1e-9);
    }

    /**
     * Conservation: whatever the reservations, once every request is settled with its usage, the
     * bucket lacks exactly the tokens used (no refill: the clock stands still), never more, never less.
     */
    @Test
    void settledBucketsLackExactlyWhatWasUsed() {
        Gen<List<long[]>> requests = Gen.combine(Gen.longs(0, 400), Gen.longs(0, 400), (reserve, used) -> new long[] {
                reserve, used}).list(1, 30);
        Property.check("conservation", 300, requests, rs -> {
            LocalBuckets store = new LocalBuckets(() -> 0L);
            RateLimiter l = new RateLimiter(r -> store);
            LimitRule output = rule(LimitType.OUTPUT_TOKENS, 1_000_000);
            long used = 0;
            List<Reservation> open = new ArrayList<>();
            List<Long> usage = new ArrayList<>();
            for (long[] r : rs) {
                RateLimiter.Admission a = l.admit(List.of(new Demand(output, r[0], Math.max(1, r[0]))));
                if (a instanceof RateLimiter.Admission.Admitted admitted) {
                    open.add(admitted.reservation());
                    usage.add(r[1]);
                    used += r[1];
                }
            }
            for (int i = open.size() - 1; i >= 0; i--) { // settled in another order than admitted
                open.get(i).settleUsed(new TokenUsage(0, usage.get(i)));
            }
            double level = store.adjust(output.key(), output.limit(), 0);
            if (Math.abs(1_000_000 - used - level) > 1e-6) {
                throw new AssertionError("level " + level + " after using " + used);
            }
        });
    }

    @Test
    void theSweepForgetsFullBucketsOnly() {
        LimitRule a = rule(LimitType.INPUT_TOKENS, 60);
        LimitRule b = new LimitRule(BucketKey.tenant("t", LimitType.INPUT_TOKENS), new Limit(60, Duration.ofMinutes(1)),
                Optional.empty(), "tenant t");
        buckets.take(a.key(), a.limit(), 60, 60);
        buckets.take(b.key(), b.limit(), 1, 1);
        advance(Duration.ofSeconds(1)); // b is full again (1 per second), a is not
        buckets.sweep();
        assertEquals(1, buckets.size());
        assertEquals(1, buckets.adjust(a.key(), a.limit(), 0), 1e-9);
    }

    private static Reservation admitted(RateLimiter.Admission a) {
        return assertInstanceOf(RateLimiter.Admission.Admitted.class, a).reservation();
    }
}
