package io.llmrouter.sim.virtual;

import java.util.SplittableRandom;

/** Which replica serves a request of a shared-prefix group: the two policies the scenario compares. */
public interface Placement {

    /** Replica index in [0, replicas) for a request of {@code group}. */
    int choose(int group, int replicas);

    String name();

    /** Every request of a group goes to the same replica (group mod replicas), so its prefix is reused. */
    static Placement groupAffinity() {
        return new Placement() {
            @Override
            public int choose(int group, int replicas) {
                return group % replicas;
            }

            @Override
            public String name() {
                return "group-affinity";
            }
        };
    }

    /** Uniformly random replica per request, seeded. */
    static Placement random(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Placement() {
            @Override
            public int choose(int group, int replicas) {
                return random.nextInt(replicas);
            }

            @Override
            public String name() {
                return "random";
            }
        };
    }
}
