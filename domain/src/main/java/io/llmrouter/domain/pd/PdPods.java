package io.llmrouter.domain.pd;

import static java.util.Objects.requireNonNull;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.server.PdGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PD ModelServer's pods sorted into groups and roles, frozen with the snapshot they were built
 * from (rebuilt on every pod change, so the classification is live). Kthena's rules
 * ({@code datastore/model_server.go}): the group is the value of the {@code groupKey} label (a pod
 * without it is in no group); a pod is <b>decode</b> when every {@code decodeLabels} entry matches,
 * checked first, else <b>prefill</b> when every {@code prefillLabels} entry matches; an empty label
 * map never matches. Pods that fit nowhere are kept in {@link #unused} with the reason, so the
 * config dump can say why a pod gets no traffic rather than letting it vanish.
 *
 * @param groups  by group label value (sorted), each with its prefill and decode pods
 * @param unused  pods of the server that take no part in PD, each with why
 */
public record PdPods(Map<String, Group> groups, List<Unused> unused) {

    /** One group: its prefill and decode pods, in snapshot order. */
    public record Group(String key, List<Pod> prefill, List<Pod> decode) {
        public Group {
            requireNonNull(key, "'key' must not be null");
            prefill = List.copyOf(prefill);
            decode = List.copyOf(decode);
        }
    }

    /** A pod with no PD role, and why. */
    public record Unused(Pod pod, String reason) {
    }

    public static final PdPods NONE = new PdPods(Map.of(), List.of());

    public PdPods {
        groups = java.util.Collections.unmodifiableMap(new TreeMap<>(groups));
        unused = List.copyOf(unused);
    }

    /** Sorts {@code pods} (already selected for the server) by {@code spec}. */
    public static PdPods classify(PdGroup spec, List<Pod> pods) {
        Map<String, List<Pod>> prefill = new LinkedHashMap<>();
        Map<String, List<Pod>> decode = new LinkedHashMap<>();
        List<Unused> unused = new ArrayList<>();
        for (Pod pod : pods) {
            Map<String, String> labels = pod.meta().labels();
            String group = labels.get(spec.groupKey());
            if (group == null) {
                unused.add(new Unused(pod, "no '" + spec.groupKey() + "' label (the pdGroup groupKey)"));
            } else if (matches(labels, spec.decodeLabels())) {
                decode.computeIfAbsent(group, g -> new ArrayList<>()).add(pod);
                prefill.computeIfAbsent(group, g -> new ArrayList<>());
            } else if (matches(labels, spec.prefillLabels())) {
                prefill.computeIfAbsent(group, g -> new ArrayList<>()).add(pod);
                decode.computeIfAbsent(group, g -> new ArrayList<>());
            } else {
                unused.add(new Unused(pod, "matches neither decodeLabels nor prefillLabels"));
            }
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        prefill.forEach((key, p) -> groups.put(key, new Group(key, p, decode.get(key))));
        return new PdPods(groups, unused);
    }

    /** Every decode pod of every group, in group order. */
    public List<Pod> decodePods() {
        List<Pod> all = new ArrayList<>();
        groups.values().forEach(g -> all.addAll(g.decode()));
        return all;
    }

    /** The prefill pods that may pair with {@code decode}: those of its group; empty when none. */
    public List<Pod> prefillFor(Pod decode) {
        for (Group g : groups.values()) {
            if (g.decode().contains(decode)) {
                return g.prefill();
            }
        }
        return List.of();
    }

    /** The group of a decode pod, or empty string when it has none. */
    public String groupOf(Pod pod) {
        for (Group g : groups.values()) {
            if (g.decode().contains(pod) || g.prefill().contains(pod)) {
                return g.key();
            }
        }
        return "";
    }

    private static boolean matches(Map<String, String> labels, Map<String, String> wanted) {
        return !wanted.isEmpty() && labels.entrySet().containsAll(wanted.entrySet());
    }
}
