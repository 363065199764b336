package io.llmrouter.bootstrap;

import io.helidon.webserver.WebServer;
import io.llmrouter.adapters.engines.forward.HelidonEngineGateway;
import io.llmrouter.adapters.http.DebugService;
import io.llmrouter.adapters.http.HealthService;
import io.llmrouter.adapters.http.InboundSettings;
import io.llmrouter.adapters.http.ModelsService;
import io.llmrouter.adapters.http.OpenAiInferenceService;
import io.llmrouter.adapters.http.RouterRoutes;
import io.llmrouter.application.datastore.Datastore;
import io.llmrouter.application.inference.HandleInference;
import io.llmrouter.application.inference.Sleeper;
import io.llmrouter.application.models.ListModels;
import io.llmrouter.bootstrap.config.ListenerConfig;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.bootstrap.scheduling.PluginCatalog;
import io.llmrouter.domain.port.ResourceSource;
import io.llmrouter.domain.scheduling.framework.SchedulingProfile;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The router, wired by hand: datastore fed by a resource source, the inference use case, the
 * engine gateway, and the listeners (inference, admin). One instance per process, or per test.
 */
public final class RouterServer implements AutoCloseable {

    static final String ADMIN_SOCKET = "admin";

    private final WebServer server;
    private final ResourceSource source;
    private final Datastore datastore;

    private RouterServer(WebServer server, ResourceSource source, Datastore datastore) {
        this.server = server;
        this.source = source;
        this.datastore = datastore;
    }

    public static RouterServer start(RouterConfig config, ResourceSource source) {
        // Shared by every request thread, so backed by the thread-local generator.
        RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
        Datastore datastore = new Datastore(source.describe(), Clock.systemUTC(), new LoggingProblemLog());
        source.start(datastore);
        SchedulingProfile profile = PluginCatalog.defaults(random).profile(config.scheduler());
        HandleInference handleInference = new HandleInference(datastore, () -> profile,
                new HelidonEngineGateway(config.upstream().connectTimeout(), config.upstream().idleTimeout()),
                random, Sleeper.threadSleep());
        WebServer server = webServer(config, datastore, handleInference).start();
        return new RouterServer(server, source, datastore);
    }

    private static WebServer webServer(RouterConfig config, Datastore datastore, HandleInference handleInference) {
        HealthService health = new HealthService(datastore);
        OpenAiInferenceService inference = new OpenAiInferenceService(handleInference,
                new InboundSettings(config.maxRequestBodyBytes()));
        ModelsService models = new ModelsService(new ListModels(datastore));
        ListenerConfig admin = config.admin();
        return WebServer.builder()
                .host(config.inference().host())
                .port(config.inference().port())
                .routing(r -> RouterRoutes.inference(r, inference, models, health))
                .putSocket(ADMIN_SOCKET, s -> s.host(admin.host()).port(admin.port()))
                .routing(ADMIN_SOCKET, r -> RouterRoutes.admin(r, new DebugService(datastore), health))
                .build();
    }

    public int inferencePort() {
        return server.port();
    }

    public int adminPort() {
        return server.port(ADMIN_SOCKET);
    }

    public Datastore datastore() {
        return datastore;
    }

    @Override
    public void close() {
        server.stop();
        source.close();
    }
}
