package io.llmrouter.domain.route;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** One ordered rule of a ModelRoute: optional match conditions and the weighted targets. */
public record RouteRule(String name, Optional<ModelMatch> match, List<TargetModel> targets) {

    public static final int MAX_TARGETS = 16;

    public RouteRule {
        name = name == null ? "" : name;
        requireNonNull(match, "'match' must not be null");
        targets = List.copyOf(requireNonNull(targets, "'targets' must not be null"));
    }

    /** A rule without conditions matches every request. */
    public boolean matches(RouteRequest request) {
        return match.map(m -> m.matches(request)).orElse(true);
    }

    public int totalWeight() {
        return targets.stream().mapToInt(TargetModel::weight).sum();
    }
}
