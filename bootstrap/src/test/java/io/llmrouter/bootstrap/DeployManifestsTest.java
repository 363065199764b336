package io.llmrouter.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.adapters.k8s.kubernetes.KubernetesResourceSource;
import io.llmrouter.bootstrap.config.DatastoreConfig;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The plain manifests (deploy/manifests, the chart rendered with its defaults; Helm cannot run here)
 * are what the router needs and no more: RBAC is get/list/watch on the two CRDs and pods only, the
 * probes hit /healthz and /readyz on the inference port, the Services reach the listeners the
 * ConfigMap configures, every key of that ConfigMap is one the router's config loader accepts, the
 * pods may take longer to stop than the router's drain, and the chart's values say the same.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path CHART = DEPLOY.resolve("helm/llm-router");

    @TempDir
    Path dir;

    private static List<Map<String, Object>> docs(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
            if (doc != null) {
                @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) doc;
                out.add(map);
            }
        }
        return out;
    }

    private static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> found = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertEquals(1, found.size(), "exactly one " + kind);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object n = node;
        for (String key : path) {
            n = key.matches("\\d+") ? ((List<Object>) n).get(Integer.parseInt(key)) : ((Map<String, Object>) n).get(key);
            if (n == null) {
                throw new AssertionError("no " + String.join(".", path));
            }
        }
        return (T) n;
    }

    private List<Map<String, Object>> plain() throws IOException {
        return docs(DEPLOY.resolve("manifests/llm-router.yaml"));
    }

    private Path configMapFile() throws IOException {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, (String) at(only(plain(), "ConfigMap"), "data", "router.yaml"));
        return file;
    }

    @Test
    void everyDocument_hasApiVersionAndKind() throws IOException {
        List<Map<String, Object>> all = new ArrayList<>(plain());
        all.addAll(docs(DEPLOY.resolve("manifests/crds.yaml")));
        assertEquals(2 + 9, all.size());
        all.forEach(d -> assertTrue(d.get("apiVersion") instanceof String && d.get("kind") instanceof String, d.toString()));
    }

    @Test
    void rbac_isGetListWatch_onTheTwoCrdsAndPods_only() throws IOException {
        List<Map<String, Object>> docs = plain();
        assertEquals(1, docs.stream().filter(d -> d.get("kind").toString().endsWith("Role")).count(), "one role");
        List<Map<String, Object>> rules = at(only(docs, "ClusterRole"), "rules");
        Set<String> granted = rules.stream().flatMap(r -> {
            List<String> groups = at(r, "apiGroups");
            List<String> resources = at(r, "resources");
            assertEquals(List.of("get", "list", "watch"), at(r, "verbs"));
            return groups.stream().flatMap(g -> resources.stream().map(res -> g + "/" + res));
        }).collect(Collectors.toSet());
        assertEquals(Set.of(KubernetesResourceSource.GROUP + "/modelroutes", KubernetesResourceSource.GROUP + "/modelservers",
                "/pods"), granted);
        Map<String, Object> binding = only(docs, "ClusterRoleBinding");
        assertEquals("llm-router", at(binding, "subjects", "0", "name"));
        assertEquals((Object) at(only(docs, "Deployment"), "spec", "template", "spec", "serviceAccountName"),
                at(binding, "subjects", "0", "name"));
    }

    @Test
    void configMap_isAcceptedByTheRouter_andTheDeploymentMatchesIt() throws IOException {
        Path file = configMapFile();
        RouterConfig config = RouterConfigLoader.load(file);
        assertEquals(List.of(), RouterConfigLoader.notYetApplied(file));
        assertEquals(DatastoreConfig.Mode.KUBERNETES, config.datastore().mode());
        assertTrue(config.datastore().namespace().isEmpty(), "cluster-wide by default, as the ClusterRole");

        Map<String, Object> pod = at(only(plain(), "Deployment"), "spec", "template", "spec");
        Map<String, Object> container = at(pod, "containers", "0");
        List<Map<String, Object>> ports = at(container, "ports");
        Map<String, Integer> byName = ports.stream().collect(Collectors.toMap(p -> (String) p.get("name"),
                p -> (Integer) p.get("containerPort")));
        assertEquals(Map.of("http", config.inference().port(), "metrics", config.metrics().port()), byName);
        assertEquals("/healthz", at(container, "livenessProbe", "httpGet", "path"));
        assertEquals("/readyz", at(container, "readinessProbe", "httpGet", "path"));
        assertEquals("http", at(container, "livenessProbe", "httpGet", "port"));
        assertEquals("http", at(container, "readinessProbe", "httpGet", "port"));
        assertEquals(List.of("serve", "--config", "/etc/llm-router/router.yaml"), at(container, "args"));
        assertEquals("/etc/llm-router", at(container, "volumeMounts", "0", "mountPath"));
        assertEquals("llm-router-config", at(pod, "volumes", "0", "configMap", "name"));

        int grace = at(pod, "terminationGracePeriodSeconds");
        long drain = config.shutdown().gracePeriod().plus(config.shutdown().drainTimeout()).toSeconds();
        assertTrue(grace > drain + 5, "Kubernetes must not kill the router before it drained: " + grace + "s vs " + drain + "s");

        assertEquals(true, at(container, "securityContext", "readOnlyRootFilesystem"));
        assertEquals(false, at(container, "securityContext", "allowPrivilegeEscalation"));
        assertEquals(true, at(pod, "securityContext", "runAsNonRoot"));
        assertTrue((Integer) at(pod, "securityContext", "runAsUser") > 0);
        assertEquals("/tmp", at(container, "volumeMounts", "1", "mountPath"), "the one writable place");
    }

    @Test
    void services_reachTheListeners() throws IOException {
        List<Map<String, Object>> services = plain().stream().filter(d -> "Service".equals(d.get("kind"))).toList();
        Map<String, Object> selector = at(only(plain(), "Deployment"), "spec", "template", "metadata", "labels");
        Map<String, String> targets = services.stream().collect(Collectors.toMap(s -> at(s, "metadata", "name"),
                s -> at(s, "spec", "ports", "0", "targetPort")));
        assertEquals(Map.of("llm-router", "http", "llm-router-metrics", "metrics"), targets);
        services.forEach(s -> assertEquals(selector, at(s, "spec", "selector")));
        assertEquals(80, (Integer) at(services.get(0), "spec", "ports", "0", "port"), "Kthena's inference Service port");
    }

    @Test
    void chartValues_renderToThePlainManifests() throws IOException {
        Map<String, Object> values = docs(CHART.resolve("values.yaml")).get(0);
        Map<String, Object> configMap = new Yaml().load(Files.readString(configMapFile()));
        assertEquals(values.get("routerConfig"), configMap, "ConfigMap = values.routerConfig");
        Map<String, Object> deployment = only(plain(), "Deployment");
        assertEquals(values.get("replicas"), at(deployment, "spec", "replicas"));
        Map<String, Object> pod = at(deployment, "spec", "template", "spec");
        assertEquals(values.get("terminationGracePeriodSeconds"), pod.get("terminationGracePeriodSeconds"));
        assertEquals((Object) at(values, "image", "repository") + ":" + at(values, "image", "tag"), at(pod, "containers", "0", "image"));
        assertEquals(values.get("resources"), at(pod, "containers", "0", "resources"));
        assertEquals((Object) at(values, "service", "port"), (Object) at(only(plain().stream().filter(d -> "Service".equals(d.get("kind"))
                && "llm-router".equals(at(d, "metadata", "name"))).toList(), "Service"), "spec", "ports", "0", "port"));
        assertEquals((Object) at(values, "podDisruptionBudget", "minAvailable"), (Object) at(only(plain(), "PodDisruptionBudget"), "spec",
                "minAvailable"));
        // Every template the plain file stands for exists in the chart.
        for (String t : List.of("deployment", "service", "configmap", "serviceaccount", "rbac", "pdb", "servicemonitor")) {
            assertTrue(Files.exists(CHART.resolve("templates/" + t + ".yaml")), t);
        }
    }

    @Test
    void crds_areTheChartsOwn_withKthenasNamesAndCelRules() throws IOException {
        List<Map<String, Object>> plainCrds = docs(DEPLOY.resolve("manifests/crds.yaml"));
        List<Map<String, Object>> chartCrds = new ArrayList<>();
        try (Stream<Path> files = Files.list(CHART.resolve("crds"))) {
            for (Path f : files.sorted().toList()) {
                chartCrds.addAll(docs(f));
            }
        }
        assertEquals(chartCrds, plainCrds);
        Map<String, String> plurals = plainCrds.stream().collect(Collectors.toMap(c -> at(c, "spec", "names", "kind"),
                c -> at(c, "spec", "names", "plural")));
        assertEquals(Map.of("ModelRoute", "modelroutes", "ModelServer", "modelservers"), plurals);
        for (Map<String, Object> crd : plainCrds) {
            assertEquals(KubernetesResourceSource.GROUP, at(crd, "spec", "group"));
            assertEquals(KubernetesResourceSource.VERSION, at(crd, "spec", "versions", "0", "name"));
            assertEquals("Namespaced", at(crd, "spec", "scope"));
        }
        String routes = Files.readString(CHART.resolve("crds/networking.serving.volcano.sh_modelroutes.yaml"));
        for (String rule : List.of("self.modelName != \"\" || size(self.loraAdapters) > 0", "rule: self == oldSelf",
                "exactly one of modelServerName or externalModelProviderName must be set")) {
            assertTrue(routes.contains(rule), rule);
        }
    }

    @Test
    void dockerfile_runsTheJlinkRuntime_asNonRoot_withTheDeploymentsConfigPath() throws IOException {
        String docker = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        assertTrue(docker.contains("deploy/docker/jlink.sh /app/jre"));
        assertTrue(docker.contains("USER 65532:65532"));
        assertTrue(docker.contains("ENTRYPOINT [\"/opt/jre/bin/java\""));
        assertTrue(docker.contains("CMD [\"serve\", \"--config\", \"/etc/llm-router/router.yaml\"]"));
        assertFalse(docker.lines().anyMatch(l -> l.startsWith("USER root")));
    }
}
