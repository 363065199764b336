package io.llmrouter.domain.scheduling.framework;

import static java.util.Objects.requireNonNull;

/** A scorer with its weight in the weighted sum; Kthena clamps negative weights to 0, this router refuses them. */
public record WeightedScorer(Scorer scorer, double weight) {

    public WeightedScorer {
        requireNonNull(scorer, "'scorer' must not be null");
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight of scorer '" + scorer.type() + "' must be a finite number >= 0, was " + weight);
        }
    }
}
