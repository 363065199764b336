package io.llmrouter.bootstrap;

import io.llmrouter.adapters.k8s.manifest.FileResourceSource;
import io.llmrouter.adapters.k8s.manifest.ValidateCommand;
import io.llmrouter.bootstrap.config.ConfigException;
import io.llmrouter.bootstrap.config.DatastoreConfig;
import io.llmrouter.bootstrap.config.RouterConfig;
import io.llmrouter.bootstrap.config.RouterConfigLoader;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/** {@code bin/router}: demo, serve or validate. */
public final class Main {

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
            return 2;
        }
        try {
            return switch (cli.command()) {
                case "help" -> usage(out, 0);
                case "validate" -> cli.files().isEmpty() ? usage(err, 2) : ValidateCommand.run(cli.files(), out, err);
                case "serve" -> serve(cli, out);
                case "demo" -> demo(cli, out);
                default -> {
                    err.println("error: unknown command '" + cli.command() + "'");
                    yield usage(err, 2);
                }
            };
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static int serve(CommandLine cli, PrintStream out) throws InterruptedException {
        RouterConfig config = cli.config().map(RouterConfigLoader::load).orElseGet(RouterConfigLoader::defaults)
                .withPorts(cli.port(), cli.metricsPort(), cli.adminPort());
        DatastoreConfig datastore = config.datastore();
        if (datastore.files().isEmpty()) {
            throw new ConfigException("datastore.files is empty: list the YAML files that hold your ModelRoute, "
                    + "ModelServer and StaticEndpoint documents (or try 'bin/router demo')");
        }
        RouterServer router = RouterServer.start(config, new FileResourceSource(datastore.files(), datastore.pollInterval()),
                cli.config());
        out.println("router listening on " + config.inference().host() + ":" + router.inferencePort()
                + " (metrics " + config.metrics().host() + ":" + router.metricsPort() + "/metrics, admin "
                + config.admin().host() + ":" + router.adminPort() + ")");
        awaitShutdown(router, () -> { });
        return 0;
    }

    private static int demo(CommandLine cli, PrintStream out) throws Exception {
        DemoEnvironment demo = DemoEnvironment.start();
        RouterConfig config = RouterConfigLoader.defaults()
                .withPorts(cli.port(), cli.metricsPort(), cli.adminPort())
                .withDatastore(new DatastoreConfig(DatastoreConfig.Mode.STANDALONE, demo.manifests(),
                        RouterConfigLoader.defaults().datastore().pollInterval()))
                // Nothing balances traffic to a demo: no time for a load balancer to notice /readyz.
                .withShutdown(RouterConfigLoader.defaults().shutdown().withGracePeriod(java.time.Duration.ZERO));
        RouterServer router = RouterServer.start(config, new FileResourceSource(config.datastore().files(),
                config.datastore().pollInterval()));
        out.print(demo.instructions(router.inferencePort(), router.adminPort(), router.metricsPort()));
        out.flush();
        // The engines stop after the router has drained: the JVM runs separate hooks at the same time.
        awaitShutdown(router, demo::close);
        return 0;
    }

    private static void awaitShutdown(RouterServer router, Runnable afterwards) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                router.shutDownGracefully();
            } finally {
                afterwards.run();
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    private static int usage(PrintStream stream, int status) {
        stream.print(CommandLine.USAGE);
        return status;
    }
}
