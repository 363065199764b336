package io.llmrouter.bootstrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed arguments of {@code bin/router}. {@code host}: where the inference and metrics
 * listeners bind when {@code --host} is given (the admin listener keeps its own host).
 */
record CommandLine(String command, Optional<Path> config, Integer port, Integer metricsPort, Integer adminPort,
                   Optional<String> host, List<Path> files) {

    /** The flag that moves each listener, for messages about a listener that cannot bind. */
    static final String PORT_FLAG = "--port";
    static final String METRICS_PORT_FLAG = "--metrics-port";
    static final String ADMIN_PORT_FLAG = "--admin-port";

    static final String USAGE = """
            usage: router demo [--host H] [--port N] [--metrics-port N] [--admin-port N]
                   router serve --config FILE [--host H] [--port N] [--metrics-port N] [--admin-port N]
                   router validate FILE_OR_DIRECTORY...
                   router hash-key < KEY_FILE

              demo      run the Kthena blog's deepseek-multi-models example on simulated vLLM engines
                        and print curl lines to try; listens on 127.0.0.1 unless --host is given
              serve     run with a router config file (listeners, datastore files, scheduler); listens
                        where the file says (default 0.0.0.0:8080, metrics 0.0.0.0:9090, admin
                        127.0.0.1:15000)
              validate  check ModelRoute / ModelServer / StaticEndpoint manifests and router config
                        files (a directory: its *.yaml and *.yml files), print what they mean or every
                        problem at once; exit status 0 valid, 1 problems, 2 no files
              hash-key  read an API key from standard input and print the sha256 that
                        auth.apiKeys.keys[].sha256 takes (the router never stores the key itself)

              --host H          address of the inference and metrics listeners (demo: 127.0.0.1)
              --port N          inference listener port (default 8080; 0 picks a free one)
              --metrics-port N  metrics listener port (default 9090)
              --admin-port N    admin listener port (default 15000, always loopback unless the config
                                file sets listeners.admin.host and a token)
            """;

    static CommandLine parse(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            return new CommandLine("help", Optional.empty(), null, null, null, Optional.empty(), List.of());
        }
        String command = args[0];
        Optional<Path> config = Optional.empty();
        Integer port = null;
        Integer metricsPort = null;
        Integer adminPort = null;
        Optional<String> host = Optional.empty();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return new CommandLine("help", Optional.empty(), null, null, null, Optional.empty(), List.of());
                }
                case "--config" -> config = Optional.of(Path.of(value(args, ++i, arg)));
                case "--host" -> host = Optional.of(host(value(args, ++i, arg)));
                case PORT_FLAG -> port = port(value(args, ++i, arg), arg);
                case METRICS_PORT_FLAG -> metricsPort = port(value(args, ++i, arg), arg);
                case ADMIN_PORT_FLAG -> adminPort = port(value(args, ++i, arg), arg);
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    files.add(Path.of(arg));
                }
            }
        }
        return new CommandLine(command, config, port, metricsPort, adminPort, host, List.copyOf(files));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String host(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("--host needs an address such as 127.0.0.1 or 0.0.0.0");
        }
        return text.trim();
    }

    private static int port(String text, String option) {
        try {
            int p = Integer.parseInt(text);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number 0..65535, was '" + text + "'");
        }
    }
}
