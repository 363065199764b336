package io.llmrouter.domain.health;

import java.util.Optional;

/**
 * What the outlier detector knows about one pod, immutable: failures in a row (attempts and
 * scrapes apart), whether it is ejected and until when (on the detector's {@code Ticker}), whether
 * its half-open trial request is out, how many times it was ejected ({@code ejectionsTotal}, never
 * decreasing, for the counter) and the multiplier of its next ejection time ({@code multiplier},
 * which a healthy stretch wears down, as in Envoy), and the reason of its latest ejection.
 */
public record PodHealth(int failures, int scrapeFailures, boolean ejected, long ejectedUntil, boolean trialOut,
                        int multiplier, long healthySince, long ejectionsTotal, Optional<String> reason) {

    static PodHealth fresh(long now) {
        return new PodHealth(0, 0, false, 0, false, 0, now, 0, Optional.empty());
    }

    /** The phase at {@code now}: an ejected pod whose time is up is half-open until its trial decides. */
    public Phase phase(long now) {
        if (!ejected) {
            return Phase.HEALTHY;
        }
        return now - ejectedUntil < 0 ? Phase.EJECTED : Phase.HALF_OPEN;
    }

    /** Whether the scheduler may pick the pod now: healthy, or half-open with its trial not yet taken. */
    public boolean schedulable(long now) {
        Phase phase = phase(now);
        return phase == Phase.HEALTHY || (phase == Phase.HALF_OPEN && !trialOut);
    }

    PodHealth withFailures(int n) {
        return new PodHealth(n, scrapeFailures, ejected, ejectedUntil, trialOut, multiplier, healthySince,
                ejectionsTotal, reason);
    }

    PodHealth withScrapeFailures(int n) {
        return new PodHealth(failures, n, ejected, ejectedUntil, trialOut, multiplier, healthySince, ejectionsTotal,
                reason);
    }

    PodHealth withTrialOut(boolean out) {
        return new PodHealth(failures, scrapeFailures, ejected, ejectedUntil, out, multiplier, healthySince,
                ejectionsTotal, reason);
    }

    PodHealth ejectedUntil(long until, int newMultiplier, String why) {
        return new PodHealth(0, 0, true, until, false, newMultiplier, healthySince, ejectionsTotal + 1,
                Optional.of(why));
    }

    PodHealth returned(long now) {
        return new PodHealth(0, 0, false, 0, false, multiplier, now, ejectionsTotal, reason);
    }

    /** Where a pod stands. */
    public enum Phase {
        /** In rotation. */
        HEALTHY,
        /** Out of rotation until its ejection time is up. */
        EJECTED,
        /** Ejection time up: one trial request decides whether it returns or is ejected again, for longer. */
        HALF_OPEN
    }
}
