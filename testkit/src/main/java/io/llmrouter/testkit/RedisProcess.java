package io.llmrouter.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real {@code redis-server} for tests, on a free loopback port, with no persistence. It can be
 * stopped and started again on the same port (a Redis outage and its end). {@code redis-server}
 * must be on the PATH ({@code .ci/run} installs the Debian package).
 */
public final class RedisProcess implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final String password;
    private Process process;

    private RedisProcess(int port, Path dir, List<String> extraArgs, String password) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
        this.password = password;
    }

    /**
     * Why the Redis tests cannot run here, if they cannot: under CI ({@code CI} set) they must run,
     * so callers fail; elsewhere they skip, so {@code bin/test} works on a machine without Redis.
     */
    public static java.util.Optional<String> missing() {
        return available() ? java.util.Optional.empty() : java.util.Optional.of("redis-server is not on the PATH"
                + " (apt-get install redis-server; .ci/run installs it)");
    }

    public static boolean available() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    public static RedisProcess start() throws IOException {
        return start(null);
    }

    /** A server that requires {@code password} ({@code requirepass}); null for none. */
    public static RedisProcess start(String password) throws IOException {
        if (!available()) {
            throw new IOException("redis-server is not on the PATH: the rate-limit tests need a real Redis"
                    + " (apt-get install redis-server; .ci/run installs it)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RedisProcess redis = new RedisProcess(port, Files.createTempDirectory("redis-test"),
                password == null ? List.of() : List.of("--requirepass", password), password);
        redis.startAgain();
        return redis;
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}: the form a ModelRoute's {@code global.redis.address} takes. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public synchronized void startAgain() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes"));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (ping()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting redis-server", e);
            }
        }
        throw new IOException("redis-server did not answer PING on port " + port + " within 10 s; log: "
                + Files.readString(dir.resolve("redis.log")));
    }

    /** Stops the server (an outage); {@link #startAgain()} brings it back on the same port, empty. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One command in RESP, the reply as text: for tests that inspect or write keys directly. */
    public String command(String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            if (password != null) {
                send(socket, "AUTH", password);
                readReply(socket.getInputStream());
            }
            send(socket, args);
            return readReply(socket.getInputStream());
        }
    }

    private static void send(Socket socket, String... args) throws IOException {
        StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            req.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+', '-', ':' -> {
                return rest;
            }
            case '$' -> {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(n + 2);
                return new String(data, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(rest);
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    all.append(i == 0 ? "" : "\n").append(readReply(in));
                }
                return all.toString();
            }
            default -> throw new IOException("unexpected reply " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("connection closed");
    }

    private boolean ping() {
        try {
            return "PONG".equals(command("PING"));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temp folder; nothing else depends on it
        }
    }
}
