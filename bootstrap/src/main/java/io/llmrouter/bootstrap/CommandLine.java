package io.llmrouter.bootstrap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parsed arguments of {@code bin/router}. */
record CommandLine(String command, Optional<Path> config, Integer port, Integer metricsPort, Integer adminPort,
                   List<Path> files) {

    static final String USAGE = """
            usage: router demo [--port N] [--metrics-port N] [--admin-port N]
                   router serve --config FILE [--port N] [--metrics-port N] [--admin-port N]
                   router validate FILE...

              demo      run on an embedded example: simulated vLLM engines and the Kthena blog's
                        premium/default ModelRoute, then print curl lines to try
              serve     run with a router config file (listeners, datastore files, scheduler)
              validate  check ModelRoute / ModelServer / StaticEndpoint YAML files and print what
                        they mean, or every error (exit status 1 on errors)
            """;

    static CommandLine parse(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            return new CommandLine("help", Optional.empty(), null, null, null, List.of());
        }
        String command = args[0];
        Optional<Path> config = Optional.empty();
        Integer port = null;
        Integer metricsPort = null;
        Integer adminPort = null;
        List<Path> files = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config" -> config = Optional.of(Path.of(value(args, ++i, arg)));
                case "--port" -> port = port(value(args, ++i, arg), arg);
                case "--metrics-port" -> metricsPort = port(value(args, ++i, arg), arg);
                case "--admin-port" -> adminPort = port(value(args, ++i, arg), arg);
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    files.add(Path.of(arg));
                }
            }
        }
        return new CommandLine(command, config, port, metricsPort, adminPort, List.copyOf(files));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
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
