package io.llmrouter.domain.route;

import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The weighted random split of a rule's targets: target {@code i} is drawn with probability
 * {@code weight_i / Σ weights}. A zero weight takes no traffic; a rule whose weights sum to zero
 * (or has no targets) yields nothing, so matching falls through to the next route.
 */
final class WeightedTargets {

    private WeightedTargets() {
    }

    static Optional<TargetModel> pick(List<TargetModel> targets, RandomGenerator random) {
        long total = 0;
        for (TargetModel t : targets) {
            total += Math.max(0, t.weight());
        }
        if (total <= 0) {
            return Optional.empty();
        }
        long draw = random.nextLong(total);
        for (TargetModel t : targets) {
            draw -= Math.max(0, t.weight());
            if (draw < 0) {
                return Optional.of(t);
            }
        }
        throw new IllegalStateException("unreachable: draw exceeded the total weight");
    }
}
