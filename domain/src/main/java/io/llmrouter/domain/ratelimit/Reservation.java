package io.llmrouter.domain.ratelimit;

import io.llmrouter.domain.inference.TokenUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an admitted request took from each bucket, settled exactly once when its answer ends (a
 * second settle does nothing, so every exit path may settle without counting twice).
 */
public final class Reservation {

    public static final Reservation NONE = new Reservation(List.of(), null);

    /** One bucket's share: what was taken, and the level it left. */
    public record Taken(Demand demand, double levelAfter) {
    }

    private final List<Taken> taken;
    private final RateLimiter limiter;
    private final AtomicBoolean settled = new AtomicBoolean();

    Reservation(List<Taken> taken, RateLimiter limiter) {
        this.taken = List.copyOf(taken);
        this.limiter = limiter;
    }

    public List<Taken> taken() {
        return taken;
    }

    public boolean isEmpty() {
        return taken.isEmpty();
    }

    /**
     * The engine answered and reported {@code usage}: each token bucket is charged what was really
     * used (refunding a reservation that was too large, charging past zero one that was too small).
     * A count the engine did not report keeps its reservation.
     */
    public void settleUsed(TokenUsage usage) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        for (Taken t : taken) {
            long actual = switch (t.demand().rule().type()) {
                case INPUT_TOKENS -> usage.promptTokens();
                case OUTPUT_TOKENS -> usage.completionTokens();
                case REQUESTS -> 1;
            };
            if (actual >= 0) {
                limiter.adjust(t.demand().rule(), t.demand().amount() - actual);
            }
        }
    }

    /** Nothing was served (refused by the router or the engine, never answered): everything goes back. */
    public void refund() {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        for (Taken t : taken) {
            limiter.adjust(t.demand().rule(), t.demand().amount());
        }
    }
}
