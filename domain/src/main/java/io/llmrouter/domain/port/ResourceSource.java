package io.llmrouter.domain.port;

/**
 * Where ModelRoutes, ModelServers and pods come from: YAML files on disk (standalone) or the
 * Kubernetes API (informers). A source delivers a first result from {@link #start} before it
 * returns, then every later change, until closed.
 */
public interface ResourceSource extends AutoCloseable {

    void start(ResourceListener listener);

    /** For logs and the debug API, e.g. {@code "files: /etc/router/models.yaml"}. */
    String describe();

    @Override
    void close();
}
