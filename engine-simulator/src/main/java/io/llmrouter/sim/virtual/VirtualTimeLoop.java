package io.llmrouter.sim.virtual;

import io.llmrouter.sim.clock.VirtualClock;
import io.llmrouter.sim.core.EngineCore;
import io.llmrouter.sim.core.Profile;
import io.llmrouter.sim.core.StepPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Runs engine cores in virtual time: a discrete-event loop with no HTTP, no threads and no
 * sleeping, so a scenario with thousands of requests takes seconds and always gives the same
 * numbers for the same seed.
 *
 * <pre>
 * repeat:
 *   every idle replica with work plans a step; it ends at now + step duration
 *   next = earliest of (scheduled actions, step ends)
 *   advance the clock to next
 *   complete the steps ending at next (replica order), then run the actions due at next (FIFO)
 * until no action is pending and every replica is idle (or stalled with nothing left to run)
 * </pre>
 *
 * Contract: single-threaded; the cores must only be touched from actions or between runs.
 */
public final class VirtualTimeLoop {

    private final VirtualClock clock = new VirtualClock();
    private final List<Replica> replicas = new ArrayList<>();
    private final PriorityQueue<Action> actions = new PriorityQueue<>();
    private long sequence;

    private static final class Replica {
        final EngineCore core;
        StepPlan plan;
        long endsAt;

        Replica(EngineCore core) {
            this.core = core;
        }
    }

    private record Action(long atNanos, long sequence, Runnable body) implements Comparable<Action> {
        @Override
        public int compareTo(Action other) {
            int byTime = Long.compare(atNanos, other.atNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    /** Creates {@code count} replicas of one profile; replica {@code i} is seeded with {@code seed + i}. */
    public VirtualTimeLoop(Profile profile, int count, long seed, int maxLoras) {
        for (int i = 0; i < count; i++) {
            replicas.add(new Replica(new EngineCore(profile, clock, seed + i, maxLoras)));
        }
    }

    public VirtualClock clock() {
        return clock;
    }

    public EngineCore core(int replica) {
        return replicas.get(replica).core;
    }

    public int size() {
        return replicas.size();
    }

    /** Runs {@code body} when virtual time reaches {@code atNanos} (actions at equal times run in call order). */
    public void at(long atNanos, Runnable body) {
        actions.add(new Action(Math.max(atNanos, clock.nowNanos()), sequence++, body));
    }

    /** Runs until nothing is left to do. */
    public void run() {
        while (true) {
            startSteps();
            long next = nextEventTime();
            if (next == Long.MAX_VALUE) {
                return;
            }
            clock.advanceTo(next);
            for (Replica replica : replicas) {
                if (replica.plan != null && replica.endsAt == next) {
                    StepPlan plan = replica.plan;
                    replica.plan = null;
                    replica.core.completeStep(plan);
                }
            }
            while (!actions.isEmpty() && actions.peek().atNanos() == next) {
                actions.poll().body().run();
            }
        }
    }

    private void startSteps() {
        for (Replica replica : replicas) {
            if (replica.plan == null && replica.core.hasWork()) {
                replica.plan = replica.core.planStep();
                if (replica.plan != null) {
                    replica.endsAt = clock.nowNanos() + replica.plan.durationNanos();
                }
            }
        }
    }

    private long nextEventTime() {
        long next = actions.isEmpty() ? Long.MAX_VALUE : actions.peek().atNanos();
        for (Replica replica : replicas) {
            if (replica.plan != null) {
                next = Math.min(next, replica.endsAt);
            }
        }
        return next;
    }
}
