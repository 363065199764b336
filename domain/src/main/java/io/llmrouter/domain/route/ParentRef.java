package io.llmrouter.domain.route;

import java.util.Optional;
import java.util.OptionalInt;

/** A Gateway API parent reference of a ModelRoute (kept for compatibility; see {@link ModelRoute#boundToGateway()}). */
public record ParentRef(String group, String kind, Optional<String> namespace, String name,
                        Optional<String> sectionName, OptionalInt port) {

    public static final String DEFAULT_GROUP = "gateway.networking.k8s.io";
    public static final String DEFAULT_KIND = "Gateway";
}
