package io.llmrouter.application.ratelimit;

import static java.util.Objects.requireNonNull;

import io.llmrouter.application.inference.ErrorKind;
import io.llmrouter.application.inference.RouterError;
import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.ratelimit.BucketKey;
import io.llmrouter.domain.ratelimit.Demand;
import io.llmrouter.domain.ratelimit.Limit;
import io.llmrouter.domain.ratelimit.LimitRule;
import io.llmrouter.domain.ratelimit.LimitSet;
import io.llmrouter.domain.ratelimit.LimitType;
import io.llmrouter.domain.ratelimit.RateLimiter;
import io.llmrouter.domain.ratelimit.Reservation;
import io.llmrouter.domain.ratelimit.TenantLimits;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RateLimitSpec;
import io.llmrouter.domain.tenancy.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Token rate limits at admission, after the route is resolved (a request that would get 404 or 503
 * costs nothing): the matched ModelRoute's {@code spec.rateLimit} (per route, LoRA-only routes
 * included; shared through Redis when it names an address) and the caller's tenant limits from the
 * router config. Admitted requests get OpenAI's {@code x-ratelimit-*} headers; refused ones a 429
 * with {@code Retry-After} and the same headers.
 */
public final class TokenBudgets {

    /** No limits at all: admission is free and adds no header. */
    public static final TokenBudgets NONE = new TokenBudgets(new RateLimiter(rule -> {
        throw new IllegalStateException("no limits are configured");
    }), () -> TenantLimits.NONE, () -> Optional.empty(), 0);

    private final RateLimiter limiter;
    private final Supplier<TenantLimits> tenantLimits;
    private final Supplier<Optional<String>> tenantStore;
    private final long defaultOutputReservation;

    /**
     * @param tenantStore              the shared store's address for tenant buckets (empty: this process)
     * @param defaultOutputReservation output tokens reserved for a request that sets no {@code max_tokens}
     */
    public TokenBudgets(RateLimiter limiter, Supplier<TenantLimits> tenantLimits, Supplier<Optional<String>> tenantStore,
                        long defaultOutputReservation) {
        this.limiter = requireNonNull(limiter, "'limiter' must not be null");
        this.tenantLimits = requireNonNull(tenantLimits, "'tenantLimits' must not be null");
        this.tenantStore = requireNonNull(tenantStore, "'tenantStore' must not be null");
        this.defaultOutputReservation = defaultOutputReservation;
    }

    /** Admitted with a reservation and the headers to send, or refused with the 429 to send. */
    public sealed interface Verdict {
        record Admitted(Reservation reservation, List<Header> headers) implements Verdict {
        }

        record Refused(RouterError error, LimitType type, String model) implements Verdict {
        }
    }

    public Verdict admit(ModelRoute route, InferenceRequest request) {
        List<Demand> demands = demands(route, request);
        if (demands.isEmpty()) {
            return new Verdict.Admitted(Reservation.NONE, List.of());
        }
        return switch (limiter.admit(demands)) {
            case RateLimiter.Admission.Admitted admitted ->
                    new Verdict.Admitted(admitted.reservation(), RateLimitHeaders.of(admitted.reservation().taken()));
            case RateLimiter.Admission.Refused refused -> refusal(refused, request);
        };
    }

    private List<Demand> demands(ModelRoute route, InferenceRequest request) {
        Principal caller = request.caller();
        LimitSet tenant = tenantLimits.get().of(caller);
        if (route.rateLimit().isEmpty() && tenant.isEmpty()) {
            return List.of(); // before the estimate: it reads the whole prompt, which may be hundreds of KB
        }
        List<Demand> demands = new ArrayList<>(4);
        long input = request.prompt().estimatedTokens();
        if (route.rateLimit().isPresent()) {
            RateLimitSpec spec = route.rateLimit().get();
            String owner = "ModelRoute " + route.meta().namespace() + "/" + route.meta().name();
            add(demands, routeRule(route, spec, spec.inputTokensPerUnit(), LimitType.INPUT_TOKENS, owner), input, request);
            add(demands, routeRule(route, spec, spec.outputTokensPerUnit(), LimitType.OUTPUT_TOKENS, owner), input,
                    request);
        }
        Optional<String> store = tenantStore.get();
        for (LimitType type : LimitType.values()) {
            Optional<Limit> limit = tenant.of(type);
            if (limit.isPresent()) {
                add(demands, Optional.of(new LimitRule(BucketKey.tenant(caller.tenant(), type), limit.get(), store,
                        "tenant " + caller.tenant())), input, request);
            }
        }
        return demands;
    }

    private static Optional<LimitRule> routeRule(ModelRoute route, RateLimitSpec spec, OptionalInt perUnit,
                                                 LimitType type, String owner) {
        if (perUnit.isEmpty()) {
            return Optional.empty();
        }
        Limit limit = new Limit(perUnit.getAsInt(), spec.unit().length());
        BucketKey key = spec.globalRedisAddress().isPresent() && !route.modelName().isEmpty()
                ? BucketKey.kthenaModel(route.modelName(), type)
                : BucketKey.route(route.meta().namespace(), route.meta().name(), type);
        return Optional.of(new LimitRule(key, limit, spec.globalRedisAddress(), owner));
    }

    private void add(List<Demand> demands, Optional<LimitRule> rule, long input, InferenceRequest request) {
        if (rule.isEmpty()) {
            return;
        }
        LimitRule r = rule.get();
        demands.add(switch (r.type()) {
            case INPUT_TOKENS -> new Demand(r, input, input);
            case OUTPUT_TOKENS -> {
                long wanted = request.maxOutputTokens().orElse(defaultOutputReservation);
                long reserve = Math.min(Math.max(0, wanted), r.limit().perUnit());
                yield new Demand(r, reserve, Math.max(1, reserve));
            }
            case REQUESTS -> new Demand(r, 1, 1);
        });
    }

    private static Verdict refusal(RateLimiter.Admission.Refused refused, InferenceRequest request) {
        Demand demand = refused.demand();
        LimitRule rule = demand.rule();
        String what = switch (rule.type()) {
            case INPUT_TOKENS -> "Input token rate limit";
            case OUTPUT_TOKENS -> "Output token rate limit";
            case REQUESTS -> "Request rate limit";
        };
        String per = rule.limit().perUnit() + " " + (rule.type() == LimitType.REQUESTS ? "requests" : "tokens")
                + " per " + unitName(rule.limit().unit());
        String message = switch (refused.why()) {
            case EXHAUSTED -> what + " exceeded for model '" + request.model() + "' (" + rule.owner() + ": " + per
                    + "); this request needs " + demand.required() + ", " + Math.max(0, (long) Math.floor(refused.level()))
                    + " remain. Retry after " + RateLimitHeaders.goDuration(refused.retryAfter().orElseThrow()) + ".";
            case NEVER_FITS -> what + " of " + rule.owner() + " (" + per + ") is smaller than this request alone ("
                    + demand.required() + "); it can never be admitted. Send a shorter request.";
            case STORE_UNAVAILABLE -> what + " of " + rule.owner() + " cannot be checked: its shared store "
                    + rule.sharedStore().orElse("") + " is unreachable and the policy is failClosed. Retry shortly.";
        };
        ErrorKind kind = switch (rule.type()) {
            case INPUT_TOKENS -> ErrorKind.INPUT_RATE_LIMITED;
            case OUTPUT_TOKENS -> ErrorKind.OUTPUT_RATE_LIMITED;
            case REQUESTS -> ErrorKind.REQUEST_RATE_LIMITED;
        };
        List<Header> headers = RateLimitHeaders.ofRefusal(refused);
        RouterError error = new RouterError(kind, message, Optional.empty(), refused.retryAfter(), headers);
        return new Verdict.Refused(error, rule.type(), request.model());
    }

    private static String unitName(Duration unit) {
        for (RateLimitSpec.Unit u : RateLimitSpec.Unit.values()) {
            if (u.length().equals(unit)) {
                return u.crdName();
            }
        }
        return unit.toString();
    }
}
