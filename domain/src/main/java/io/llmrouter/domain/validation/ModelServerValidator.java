package io.llmrouter.domain.validation;

import io.llmrouter.domain.server.ModelServer;
import io.llmrouter.domain.server.PdGroup;
import io.llmrouter.domain.server.TrafficPolicy;
import io.llmrouter.domain.server.WorkloadPort;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * The checks of Kthena's ModelServer CRD schema and webhook on one document, for the fields a
 * {@link ModelServer} can hold. Enum values (engine, connector) are checked where the text is
 * parsed, because a record cannot hold an unknown one.
 */
public final class ModelServerValidator {

    private static final Set<String> PROTOCOLS = Set.of("http", "https");

    private ModelServerValidator() {
    }

    public static List<Problem> validate(ModelServer server) {
        Problems problems = new Problems(DocumentKind.MODEL_SERVER.label(server.id()));
        server.model().ifPresent(model -> checkModel(model, problems));
        checkLabels(server.selector().matchLabels(), "spec.workloadSelector.matchLabels", problems);
        server.selector().pdGroup().ifPresent(pd -> checkPdGroup(pd, problems));
        checkPort(server.workloadPort(), problems);
        checkTrafficPolicy(server.trafficPolicy(), problems);
        if (server.kvConnector().isPresent() && server.selector().pdGroup().isEmpty()) {
            problems.warning("spec.kvConnector", "only applies to prefill/decode disaggregation; add"
                    + " spec.workloadSelector.pdGroup or remove kvConnector");
        }
        return problems.list();
    }

    private static void checkModel(String model, Problems problems) {
        if (model.isBlank()) {
            problems.error("spec.model", "is empty, which would send requests with an empty model; write the"
                    + " name the engine serves (e.g. deepseek-ai/DeepSeek-R1-Distill-Qwen-7B) or remove model");
        }
        if (model.length() > ModelServer.MAX_MODEL_LENGTH) {
            problems.error("spec.model", "is " + model.length() + " characters long, at most "
                    + ModelServer.MAX_MODEL_LENGTH + " are allowed; use the engine's served model name");
        }
    }

    private static void checkLabels(Map<String, String> labels, String field, Problems problems) {
        if (labels.isEmpty()) {
            problems.error(field, "needs at least one label; an empty selector selects nothing. Add the labels"
                    + " of the engine pods or endpoints, e.g. app: deepseek-r1-7b");
        }
        labels.keySet().stream().filter(String::isBlank).findFirst().ifPresent(k -> problems.error(field,
                "has an empty label key; write a label name such as app"));
    }

    private static void checkPdGroup(PdGroup pd, Problems problems) {
        String base = "spec.workloadSelector.pdGroup";
        if (pd.groupKey().isBlank()) {
            problems.error(base + ".groupKey", "is required; name the label whose value pairs prefill and"
                    + " decode pods, e.g. modelserving.volcano.sh/group-name");
        }
        checkLabels(pd.prefillLabels(), base + ".prefillLabels", problems);
        checkLabels(pd.decodeLabels(), base + ".decodeLabels", problems);
        if (!pd.decodeLabels().isEmpty() && pd.prefillLabels().entrySet().containsAll(pd.decodeLabels().entrySet())) {
            problems.warning(base + ".prefillLabels", "every prefill pod also matches decodeLabels, and decode is"
                    + " checked first, so no pod is ever a prefill pod; give the roles different labels, e.g."
                    + " modelserving.volcano.sh/role: prefill and decode");
        }
    }

    private static void checkPort(WorkloadPort port, Problems problems) {
        if (port.port() < 1 || port.port() > 65535) {
            problems.error("spec.workloadPort.port", "is " + port.port() + "; use the engine's port, a number from"
                    + " 1 to 65535 (vLLM and SGLang often listen on 8000)");
        }
        if (!PROTOCOLS.contains(port.protocol())) {
            problems.error("spec.workloadPort.protocol", "is '" + port.protocol() + "'; use http or https");
        }
    }

    private static void checkTrafficPolicy(TrafficPolicy policy, Problems problems) {
        policy.timeout().filter(t -> t.isNegative() || t.isZero()).ifPresent(t -> problems.error(
                "spec.trafficPolicy.timeout", "is " + t + "; use a positive duration such as 30s, or remove"
                        + " timeout for no per-server limit"));
        Duration interval = policy.retry().interval();
        if (interval.isNegative()) {
            problems.error("spec.trafficPolicy.retry.retryInterval", "is negative; use a duration such as 100ms,"
                    + " or 0s to retry at once");
        }
    }
}
