package io.llmrouter.application.ratelimit;

import io.llmrouter.domain.inference.Header;
import io.llmrouter.domain.ratelimit.Demand;
import io.llmrouter.domain.ratelimit.LimitType;
import io.llmrouter.domain.ratelimit.RateLimiter;
import io.llmrouter.domain.ratelimit.Reservation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's rate-limit headers, which its SDKs and LangChain read: for tokens and for requests,
 * {@code x-ratelimit-limit-*} (per unit), {@code -remaining-*} and {@code -reset-*} (time until the
 * bucket is full again, as a Go duration: {@code 6m0s}, {@code 120ms}). Where several token buckets
 * apply (route input, route output, tenant), the one with the least left, relative to its size,
 * speaks: it is the one the caller will hit first.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    static List<Header> of(List<Reservation.Taken> taken) {
        Reservation.Taken tokens = null;
        Reservation.Taken requests = null;
        for (Reservation.Taken t : taken) {
            if (t.demand().rule().type() == LimitType.REQUESTS) {
                requests = tighter(requests, t);
            } else {
                tokens = tighter(tokens, t);
            }
        }
        List<Header> headers = new ArrayList<>(6);
        if (tokens != null) {
            add(headers, "tokens", tokens.demand(), tokens.levelAfter());
        }
        if (requests != null) {
            add(headers, "requests", requests.demand(), requests.levelAfter());
        }
        return headers;
    }

    /** The refusing bucket speaks for its kind; the other kind keeps what the admitted buckets said. */
    static List<Header> ofRefusal(RateLimiter.Admission.Refused refused) {
        List<Reservation.Taken> all = new ArrayList<>(refused.others());
        all.removeIf(t -> kind(t.demand()).equals(kind(refused.demand())));
        List<Header> headers = new ArrayList<>(of(all));
        add(headers, kind(refused.demand()), refused.demand(), refused.level());
        return headers;
    }

    private static String kind(Demand demand) {
        return demand.rule().type() == LimitType.REQUESTS ? "requests" : "tokens";
    }

    private static Reservation.Taken tighter(Reservation.Taken current, Reservation.Taken candidate) {
        if (current == null) {
            return candidate;
        }
        double a = current.levelAfter() / current.demand().rule().limit().capacity();
        double b = candidate.levelAfter() / candidate.demand().rule().limit().capacity();
        return b < a ? candidate : current;
    }

    private static void add(List<Header> headers, String kind, Demand demand, double level) {
        var limit = demand.rule().limit();
        headers.add(new Header("x-ratelimit-limit-" + kind, Long.toString(limit.perUnit())));
        headers.add(new Header("x-ratelimit-remaining-" + kind, Long.toString(Math.max(0, (long) Math.floor(level)))));
        double seconds = limit.secondsUntil(level, limit.capacity());
        headers.add(new Header("x-ratelimit-reset-" + kind, goDuration(Duration.ofNanos((long) Math.ceil(seconds * 1e9)))));
    }

    /** A duration as Go prints it, to the millisecond: {@code 0s}, {@code 120ms}, {@code 1.5s}, {@code 6m0s}, {@code 1h0m0s}. */
    public static String goDuration(Duration d) {
        long millis = Math.max(0, (d.toNanos() + 999_999) / 1_000_000);
        if (millis == 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long ms = millis % 60_000;
        String seconds = ms % 1000 == 0 ? Long.toString(ms / 1000)
                : String.format(java.util.Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000).replaceAll("0+$", "");
        StringBuilder out = new StringBuilder();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(seconds).append('s').toString();
    }
}
