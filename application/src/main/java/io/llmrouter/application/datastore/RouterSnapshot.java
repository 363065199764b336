package io.llmrouter.application.datastore;

import io.llmrouter.domain.pd.PdPods;
import io.llmrouter.domain.pod.Pod;
import io.llmrouter.domain.resource.ResourceId;
import io.llmrouter.domain.inventory.ResourceSet;
import io.llmrouter.domain.route.RouteTable;
import io.llmrouter.domain.server.ModelServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a request needs to be routed, frozen at one point in time: the route table, the
 * ModelServers by id, and each server's ready pods. Built once per change, read without locks.
 */
public final class RouterSnapshot {

    private static final RouterSnapshot EMPTY = new RouterSnapshot(ResourceSet.EMPTY);

    private final ResourceSet resources;
    private final RouteTable routes;
    private final Map<ResourceId, ModelServer> servers;
    private final Map<ResourceId, List<Pod>> readyPodsByServer;
    /** PD servers only: their ready pods by group and role, classified once per change. */
    private final Map<ResourceId, PdPods> pdPodsByServer;

    private RouterSnapshot(ResourceSet resources) {
        this.resources = resources;
        this.routes = RouteTable.of(resources.routes());
        Map<ResourceId, ModelServer> byId = new HashMap<>();
        Map<ResourceId, List<Pod>> podsByServer = new HashMap<>();
        Map<ResourceId, PdPods> pd = new HashMap<>();
        for (ModelServer server : resources.servers()) {
            byId.put(server.id(), server);
            List<Pod> ready = selectReadyPods(server, resources.pods());
            podsByServer.put(server.id(), ready);
            server.selector().pdGroup().ifPresent(group -> pd.put(server.id(), PdPods.classify(group, ready)));
        }
        this.pdPodsByServer = Map.copyOf(pd);
        this.servers = Map.copyOf(byId);
        this.readyPodsByServer = Map.copyOf(podsByServer);
    }

    public static RouterSnapshot empty() {
        return EMPTY;
    }

    public static RouterSnapshot of(ResourceSet resources) {
        return new RouterSnapshot(resources);
    }

    public ResourceSet resources() {
        return resources;
    }

    public RouteTable routes() {
        return routes;
    }

    public Optional<ModelServer> server(ResourceId id) {
        return Optional.ofNullable(servers.get(id));
    }

    public List<Pod> readyPods(ResourceId serverId) {
        return readyPodsByServer.getOrDefault(serverId, List.of());
    }

    /** A PD server's ready pods by group and role; {@link PdPods#NONE} for any other server. */
    public PdPods pdPods(ResourceId serverId) {
        return pdPodsByServer.getOrDefault(serverId, PdPods.NONE);
    }

    /** Pods in the server's namespace whose labels match its selector and that are ready. */
    private static List<Pod> selectReadyPods(ModelServer server, List<Pod> pods) {
        List<Pod> selected = new ArrayList<>();
        for (Pod pod : pods) {
            if (pod.ready() && pod.id().namespace().equals(server.id().namespace())
                    && server.selector().selects(pod.meta().labels())) {
                selected.add(pod);
            }
        }
        return List.copyOf(selected);
    }
}
