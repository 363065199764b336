package io.llmrouter.domain.ratelimit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reserve, then settle. Admission takes each demand from its bucket in turn; the first bucket that
 * cannot admit refuses the request and what the earlier ones took is given back, so a refused
 * request costs nothing. The {@link Reservation} of an admitted request is settled once, when its
 * answer ends: with the engine's real usage, a request is charged what it used (beyond zero, unlike
 * Kthena, where an answer longer than what is left is free).
 */
public final class RateLimiter {

    /** How long a caller is told to wait when the shared store cannot answer (fail-closed). */
    static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(1);

    private final Function<LimitRule, BucketStore> stores;

    /** {@code stores}: the store of each rule (this process's, or the shared one of its address). */
    public RateLimiter(Function<LimitRule, BucketStore> stores) {
        this.stores = requireNonNull(stores, "'stores' must not be null");
    }

    public Admission admit(List<Demand> demands) {
        List<Reservation.Taken> taken = new ArrayList<>(demands.size());
        for (Demand demand : demands) {
            if (demand.exceedsCapacity()) {
                giveBack(taken);
                return new Admission.Refused(demand, Refusal.NEVER_FITS, demand.rule().limit().capacity(),
                        Optional.empty(), List.copyOf(taken));
            }
            BucketStore.Take take;
            try {
                take = stores.apply(demand.rule()).take(demand.rule().key(), demand.rule().limit(), demand.amount(),
                        demand.required());
            } catch (BucketStore.Unavailable e) {
                giveBack(taken);
                return new Admission.Refused(demand, Refusal.STORE_UNAVAILABLE, 0, Optional.of(UNAVAILABLE_RETRY),
                        List.copyOf(taken));
            }
            if (!take.granted()) {
                giveBack(taken);
                double seconds = demand.rule().limit().secondsUntil(take.level(), demand.required());
                return new Admission.Refused(demand, Refusal.EXHAUSTED, take.level(),
                        Optional.of(Duration.ofNanos((long) Math.ceil(seconds * 1e9))), List.copyOf(taken));
            }
            taken.add(new Reservation.Taken(demand, take.level()));
        }
        return new Admission.Admitted(new Reservation(taken, this));
    }

    private void giveBack(List<Reservation.Taken> taken) {
        for (Reservation.Taken t : taken) {
            adjust(t.demand().rule(), t.demand().amount());
        }
    }

    /** A settlement that cannot reach the shared store is lost: the bucket refills on its own. */
    void adjust(LimitRule rule, long delta) {
        if (delta == 0) {
            return;
        }
        try {
            stores.apply(rule).adjust(rule.key(), rule.limit(), delta);
        } catch (BucketStore.Unavailable e) {
            // The failure policy's store already logged the outage; nothing to add per request.
        }
    }

    /** Why a bucket refused. */
    public enum Refusal {
        /** Not enough tokens now; wait {@code retryAfter}. */
        EXHAUSTED,
        /** The request alone needs more than the bucket ever holds. */
        NEVER_FITS,
        /** The shared store did not answer and the policy is fail-closed. */
        STORE_UNAVAILABLE
    }

    public sealed interface Admission {

        record Admitted(Reservation reservation) implements Admission {
        }

        /**
         * {@code level}: what the refusing bucket held; {@code others}: the buckets that had admitted
         * before it (already given back), for the response's rate-limit headers.
         */
        record Refused(Demand demand, Refusal why, double level, Optional<Duration> retryAfter,
                       List<Reservation.Taken> others) implements Admission {
        }
    }
}
