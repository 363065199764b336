package io.llmrouter.adapters.k8s.manifest;

import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.route.ModelMatch;
import io.llmrouter.domain.route.ModelRoute;
import io.llmrouter.domain.route.RouteRule;
import io.llmrouter.domain.route.TargetModel;
import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.PdGroup;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.validation.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plain-text rendering of what a manifest means to the router: each route's rules, conditions and
 * weighted shares; each server's engine, selector, port, policy and endpoints; each endpoint's
 * address and which servers select it in which PD role. Then every problem.
 */
public final class ManifestReport {

    private ManifestReport() {
    }

    /** What the router understood; meant for a valid manifest (warnings are listed at the end). */
    public static String understood(LoadedManifest manifest) {
        return understood(manifest, 0);
    }

    /** As {@link #understood(LoadedManifest)}, counting {@code otherWarnings} (listed by the caller) too. */
    public static String understood(LoadedManifest manifest, int otherWarnings) {
        StringBuilder out = new StringBuilder();
        ResourceSet set = manifest.resources();
        set.routes().forEach(r -> route(r, manifest, out));
        set.servers().forEach(s -> server(s, set.pods(), manifest, out));
        set.pods().forEach(p -> endpoint(p, set.servers(), manifest, out));
        problems(manifest.warnings(), out);
        out.append("OK: ").append(count(set.routes().size(), "ModelRoute")).append(", ")
                .append(count(set.servers().size(), "ModelServer")).append(", ")
                .append(count(set.pods().size(), "StaticEndpoint")).append("; ")
                .append(count(manifest.warnings().size() + otherWarnings, "warning")).append('\n');
        return out.toString();
    }

    /**
     * Every problem, errors first, and a summary line. Said of the files alone: whether a running
     * router keeps its previous set is for the caller (the file watcher) to say.
     */
    public static String rejected(List<Problem> problems) {
        StringBuilder out = new StringBuilder();
        List<Problem> ordered = new ArrayList<>(problems.stream().filter(Problem::isError).toList());
        ordered.addAll(problems.stream().filter(p -> !p.isError()).toList());
        problems(ordered, out);
        long errors = problems.stream().filter(Problem::isError).count();
        out.append("INVALID: ").append(count((int) errors, "error")).append(", ")
                .append(count((int) (problems.size() - errors), "warning")).append('\n');
        return out.toString();
    }

    private static void route(ModelRoute route, LoadedManifest manifest, StringBuilder out) {
        header("ModelRoute", route.id().toString(), manifest, out);
        if (!route.modelName().isBlank()) {
            out.append("  model: ").append(route.modelName()).append('\n');
        }
        if (!route.loraAdapters().isEmpty()) {
            out.append("  LoRA adapters: ").append(String.join(", ", route.loraAdapters())).append('\n');
        }
        for (int i = 0; i < route.rules().size(); i++) {
            rule(i, route.rules().get(i), out);
        }
        route.rateLimit().ifPresent(limit -> out.append("  rate limit: ")
                .append(limit.inputTokensPerUnit().isPresent() ? limit.inputTokensPerUnit().getAsInt() + " input" : "")
                .append(limit.inputTokensPerUnit().isPresent() && limit.outputTokensPerUnit().isPresent() ? ", " : "")
                .append(limit.outputTokensPerUnit().isPresent() ? limit.outputTokensPerUnit().getAsInt() + " output" : "")
                .append(" tokens per ").append(limit.unit().crdName())
                .append(limit.globalRedisAddress().map(a -> ", global via Redis " + a).orElse(", per router"))
                .append('\n'));
    }

    private static void rule(int index, RouteRule rule, StringBuilder out) {
        out.append("  rule ").append(index + 1).append(rule.name().isBlank() ? "" : " '" + rule.name() + "'")
                .append(": ").append(rule.match().map(ManifestReport::conditions).orElse("every request")).append('\n');
        int total = Math.max(0, rule.totalWeight());
        for (TargetModel t : rule.targets()) {
            String name = t.modelServerName().map(n -> "ModelServer " + n)
                    .orElse("external provider " + t.externalModelProviderName().orElse("?"));
            String share = total == 0 ? "0%" : Math.round(100.0 * Math.max(0, t.weight()) / total) + "%";
            out.append("    -> ").append(name).append("  weight ").append(t.weight()).append(" (").append(share)
                    .append(")\n");
        }
    }

    private static String conditions(ModelMatch match) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(match.headers()).forEach((name, m) -> parts.add("header " + name + " " + m));
        match.uri().ifPresent(u -> parts.add("path " + u));
        match.bodyModel().ifPresent(m -> parts.add("body model exact:" + m));
        return parts.isEmpty() ? "every request" : String.join(" and ", parts);
    }

    private static void server(ModelServer s, List<Pod> pods, LoadedManifest manifest, StringBuilder out) {
        header("ModelServer", s.id().toString(), manifest, out);
        out.append("  engine: ").append(s.engine().crdName())
                .append(s.model().map(m -> ", model sent: " + m).orElse(", model sent: as requested")).append('\n');
        out.append("  selects: ").append(labels(s.selector().matchLabels())).append(" on port ")
                .append(s.workloadPort().port()).append(" (").append(s.workloadPort().protocol()).append(")\n");
        s.selector().pdGroup().ifPresent(pd -> out.append("  prefill/decode: paired by label ").append(pd.groupKey())
                .append(", prefill ").append(labels(pd.prefillLabels())).append(", decode ")
                .append(labels(pd.decodeLabels())).append(", connector ")
                .append(s.kvConnector().map(k -> k.crdName()).orElse("engine default")).append('\n'));
        out.append("  traffic: ").append(policy(s.trafficPolicy())).append('\n');
        List<String> selected = pods.stream().filter(p -> selects(s, p))
                .map(p -> p.id().name() + " " + role(s, p)).toList();
        out.append("  endpoints: ").append(selected.isEmpty() ? "none" : String.join(", ", selected)).append('\n');
    }

    private static void endpoint(Pod p, List<ModelServer> servers, LoadedManifest manifest, StringBuilder out) {
        header("StaticEndpoint", p.id().toString(), manifest, out);
        out.append("  address: ").append(p.address().contains(":") ? "[" + p.address() + "]" : p.address())
                .append(p.port().isPresent() ? ":" + p.port().getAsInt() : " (port from the ModelServer)")
                .append(p.ready() ? ", ready" : ", not ready (no traffic)").append('\n');
        out.append("  labels: ").append(labels(p.meta().labels())).append('\n');
        List<String> by = servers.stream().filter(s -> selects(s, p)).map(s -> s.id() + " " + role(s, p)).toList();
        out.append("  selected by: ").append(by.isEmpty() ? "no ModelServer" : String.join(", ", by)).append('\n');
    }

    private static boolean selects(ModelServer s, Pod p) {
        return s.id().namespace().equals(p.id().namespace()) && s.selector().selects(p.meta().labels());
    }

    /** The PD role as the router will categorise it: decode checked first, group label required. */
    private static String role(ModelServer s, Pod p) {
        if (s.selector().pdGroup().isEmpty()) {
            return "(serving)";
        }
        PdGroup pd = s.selector().pdGroup().get();
        Map<String, String> l = p.meta().labels();
        String group = l.get(pd.groupKey());
        if (group == null) {
            return "(no " + pd.groupKey() + " label: not used)";
        }
        if (!pd.decodeLabels().isEmpty() && l.entrySet().containsAll(pd.decodeLabels().entrySet())) {
            return "(decode, group " + group + ")";
        }
        boolean prefill = !pd.prefillLabels().isEmpty() && l.entrySet().containsAll(pd.prefillLabels().entrySet());
        return prefill ? "(prefill, group " + group + ")" : "(neither prefill nor decode: not used)";
    }

    private static String policy(TrafficPolicy policy) {
        return "timeout " + policy.timeout().map(GoDuration::format).orElse("router default") + ", "
                + policy.retry().attempts() + " retries, " + GoDuration.format(policy.retry().interval()) + " apart";
    }

    private static void header(String kind, String id, LoadedManifest manifest, StringBuilder out) {
        String where = manifest.locationOf(kind + " " + id);
        out.append(kind).append(' ').append(id).append(where.isEmpty() ? "" : "  (" + where + ")").append('\n');
    }

    private static void problems(List<Problem> problems, StringBuilder out) {
        problems.forEach(p -> out.append(p).append('\n'));
    }

    private static String labels(Map<String, String> labels) {
        return labels.isEmpty() ? "{}" : new TreeMap<>(labels).toString();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
