package io.llmrouter.sim;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Several replicas of one engine configuration. With {@code options.port() == 0} every replica
 * gets an ephemeral port; otherwise replica {@code i} listens on {@code port + i} (as vLLM's data
 * parallel ranks and the CLI's {@code --replicas} do). All replicas share the seed, so the same
 * prompt gets the same text whichever replica serves it.
 */
public final class SimulatedCluster implements AutoCloseable {

    private final List<SimulatedEngine> engines;

    private SimulatedCluster(List<SimulatedEngine> engines) {
        this.engines = List.copyOf(engines);
    }

    /** Starts {@code replicas} instances; if one fails to start, the ones already started are closed. */
    public static SimulatedCluster start(EngineOptions options, int replicas) {
        if (replicas < 1) {
            throw new IllegalArgumentException("'replicas' must be at least 1, got " + replicas);
        }
        List<SimulatedEngine> started = new ArrayList<>(replicas);
        try {
            for (int i = 0; i < replicas; i++) {
                int port = options.port() == 0 ? 0 : options.port() + i;
                int metricsPort = options.metricsPort() <= 0 ? options.metricsPort() : options.metricsPort() + i;
                started.add(SimulatedEngine.start(options.toBuilder().port(port).metricsPort(metricsPort).build()));
            }
        } catch (RuntimeException e) {
            started.forEach(SimulatedEngine::close);
            throw e;
        }
        return new SimulatedCluster(started);
    }

    public List<SimulatedEngine> engines() {
        return engines;
    }

    public SimulatedEngine engine(int index) {
        return engines.get(index);
    }

    public int size() {
        return engines.size();
    }

    public List<URI> baseUris() {
        return engines.stream().map(SimulatedEngine::baseUri).toList();
    }

    @Override
    public void close() {
        engines.forEach(SimulatedEngine::close);
    }
}
