package io.llmrouter.bootstrap;

import io.llmrouter.adapters.k8s.kubernetes.ApiClients;
import io.llmrouter.adapters.k8s.kubernetes.KubernetesResourceSource;
import io.llmrouter.adapters.k8s.kubernetes.KubernetesSettings;
import io.llmrouter.adapters.k8s.manifest.FileResourceSource;
import io.llmrouter.domain.port.ResourceSource;
import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.DatastoreConfig;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** {@code bin/router}: demo, serve or validate. */
public final class Main {

    /** A listener could not bind: the router did not start. Configuration problems exit with 2. */
    static final int CANNOT_LISTEN = 1;
    static final int BAD_CONFIG = 2;
    /** Where the demo listens unless {@code --host} says otherwise: a demo is not a service. */
    static final String DEMO_HOST = "127.0.0.1";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        CommandLine cli;
        try {
            cli = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(CommandLine.USAGE);
            return BAD_CONFIG;
        }
        try {
            return switch (cli.command()) {
                case "help" -> usage(out, 0);
                case "validate" -> cli.files().isEmpty() ? usage(err, 2) : Validate.run(cli.files(), out, err);
                case "serve" -> serve(cli, out, err);
                case "demo" -> demo(cli, out);
                case "hash-key" -> HashKey.run(System.in, out, err);
                default -> {
                    err.println("error: unknown command '" + cli.command() + "'");
                    yield usage(err, 2);
                }
            };
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            return BAD_CONFIG;
        } catch (ListenerUnavailableException e) {
            err.println("error: " + e.getMessage() + "; " + remedy(e, cli.command()));
            return CANNOT_LISTEN;
        }
    }

    private static int serve(CommandLine cli, PrintStream out, PrintStream err) throws InterruptedException {
        if (cli.config().isEmpty()) {
            throw new ConfigException("serve needs --config FILE: a router config file whose datastore.files lists"
                    + " your ModelRoute, ModelServer and StaticEndpoint YAML files (start from"
                    + " deploy/examples/router-config.yaml), or try 'bin/router demo'");
        }
        RouterConfig loaded = RouterConfigLoader.load(cli.config().get());
        RouterConfigLoader.notYetApplied(cli.config().get()).forEach(w -> err.println("warning: " + cli.config().get()
                + ": " + w));
        RouterConfig config = cli.host().map(loaded::withHost).orElse(loaded)
                .withPorts(cli.port(), cli.metricsPort(), cli.adminPort());
        DatastoreConfig datastore = config.datastore();
        if (datastore.mode() == DatastoreConfig.Mode.STANDALONE && datastore.files().isEmpty()) {
            throw new ConfigException("datastore.files in " + cli.config().get() + " is empty: list the YAML files"
                    + " that hold your ModelRoute, ModelServer and StaticEndpoint documents (or try 'bin/router demo')");
        }
        RouterServer router = RouterServer.start(config, source(datastore), cli.config());
        out.println("router listening on " + config.inference().host() + ":" + router.inferencePort()
                + " (metrics " + config.metrics().host() + ":" + router.metricsPort() + "/metrics, admin "
                + config.admin().host() + ":" + router.adminPort() + ")");
        awaitShutdown(router::shutDownGracefully);
        return 0;
    }

    /** The files, or in Kubernetes mode the informers (credentials resolved here, so a bad kubeconfig stops startup). */
    static ResourceSource source(DatastoreConfig datastore) {
        if (datastore.mode() == DatastoreConfig.Mode.KUBERNETES) {
            KubernetesSettings settings = new KubernetesSettings(datastore.namespace(), datastore.kubeconfig(),
                    KubernetesSettings.DEFAULT_RESYNC, KubernetesSettings.DEFAULT_PROBE_INTERVAL);
            try {
                return new KubernetesResourceSource(ApiClients.create(settings.kubeconfig()), settings, Clock.systemUTC());
            } catch (java.io.UncheckedIOException e) {
                throw new ConfigException("datastore.kubernetes: " + e.getMessage());
            }
        }
        return new FileResourceSource(datastore.files(), datastore.pollInterval());
    }

    private static int demo(CommandLine cli, PrintStream out) throws Exception {
        Demo demo = Demo.start(cli);
        out.print(demo.instructions());
        out.flush();
        awaitShutdown(demo::close);
        return 0;
    }

    /** The running demo: simulated engines and a router in front of them; closing stops both. */
    record Demo(DemoEnvironment environment, RouterServer router, String host) implements AutoCloseable {

        static Demo start(CommandLine cli) {
            String host = cli.host().orElse(DEMO_HOST);
            DemoEnvironment environment = DemoEnvironment.start();
            try {
                RouterConfig defaults = RouterConfigLoader.defaults();
                RouterConfig config = defaults.withHost(host)
                        .withPorts(cli.port(), cli.metricsPort(), cli.adminPort())
                        .withDatastore(new DatastoreConfig(DatastoreConfig.Mode.STANDALONE, environment.manifests(),
                                defaults.datastore().pollInterval()))
                        // Nothing balances traffic to a demo: no time for a load balancer to notice /readyz.
                        .withShutdown(defaults.shutdown().withGracePeriod(java.time.Duration.ZERO));
                RouterServer router = RouterServer.start(config, new FileResourceSource(config.datastore().files(),
                        config.datastore().pollInterval()));
                return new Demo(environment, router, host);
            } catch (RuntimeException e) {
                // Engines outliving a router that never started would hold their ports until exit.
                environment.close();
                throw e;
            }
        }

        String instructions() {
            return environment.instructions(host, router.inferencePort(), router.adminPort(), router.metricsPort());
        }

        /** Drains the router first, then stops the engines: its last streams still need them. */
        @Override
        public void close() {
            try {
                router.shutDownGracefully();
            } finally {
                environment.close();
            }
        }
    }

    /** What to do about a listener that cannot bind: the flag that moves it, or the host to check. */
    static String remedy(ListenerUnavailableException e, String command) {
        boolean inUse = e.getMessage().contains("in use");
        String flag = switch (e.listener()) {
            case "inference" -> CommandLine.PORT_FLAG;
            case RouterServer.METRICS_SOCKET -> CommandLine.METRICS_PORT_FLAG;
            case RouterServer.ADMIN_SOCKET -> CommandLine.ADMIN_PORT_FLAG;
            default -> "";
        };
        if (flag.isEmpty()) {
            return "free the ports or choose others with " + CommandLine.PORT_FLAG + ", "
                    + CommandLine.METRICS_PORT_FLAG + " and " + CommandLine.ADMIN_PORT_FLAG;
        }
        String key = command.equals("serve") ? " (or listeners." + e.listener() + ".port in the config file)" : "";
        if (inUse) {
            return "stop what uses the port or choose another with " + flag + key;
        }
        return e.listener().equals(RouterServer.ADMIN_SOCKET) ? "check listeners.admin.host, or choose another port with " + flag
                : "check the address given with --host" + (command.equals("serve") ? " or listeners." + e.listener()
                + ".host" : "") + ", or choose another port with " + flag;
    }

    private static void awaitShutdown(Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static int usage(PrintStream stream, int status) {
        stream.print(CommandLine.USAGE);
        return status;
    }
}
