package io.llmrouter.bench.harness;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * nginx as a plain round-robin reverse proxy on loopback, the baseline the router's overhead is
 * compared with: a generated config in a work directory, keep-alive to the upstreams, no buffering
 * of responses (streams pass through as they come), request bodies held in memory, no access log.
 */
public final class NginxProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private NginxProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The nginx binary on the PATH (or at {@code explicit}), if there is one. */
    public static Optional<Path> find(String explicit) {
        if (!explicit.isEmpty()) {
            return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
        }
        for (String dir : List.of("/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static NginxProcess start(Path binary, Path dir, List<URI> upstreams) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("tmp"));
        int port = FreePorts.next();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(dir, port, upstreams));
        Process process = new ProcessBuilder(binary.toString(), "-e", dir.resolve("error.log").toString(), "-c",
                conf.toString(), "-p", dir.toString(), "-g", "daemon off;").redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        NginxProcess nginx = new NginxProcess(process, port);
        nginx.awaitListening(dir);
        return nginx;
    }

    static String config(Path dir, int port, List<URI> upstreams) {
        StringBuilder servers = new StringBuilder();
        upstreams.forEach(u -> servers.append("    server ").append(u.getHost()).append(':').append(u.getPort()).append(";\n"));
        String tmp = dir.resolve("tmp").toString();
        return """
                user root;
                worker_processes auto;
                pid %1$s/nginx.pid;
                events { worker_connections 8192; }
                http {
                  access_log off;
                  client_body_temp_path %2$s/body; proxy_temp_path %2$s/proxy;
                  fastcgi_temp_path %2$s/fcgi; uwsgi_temp_path %2$s/uwsgi; scgi_temp_path %2$s/scgi;
                  client_max_body_size 16m;
                  client_body_buffer_size 1m;
                  keepalive_requests 1000000;
                  tcp_nodelay on;
                  upstream engines {
                %3$s    keepalive 1024;
                    keepalive_requests 1000000;
                  }
                  server {
                    listen 127.0.0.1:%4$d;
                    location / {
                      proxy_pass http://engines;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_buffering off;
                      proxy_read_timeout 600s;
                    }
                  }
                }
                """.formatted(dir, tmp, servers, port);
    }

    private void awaitListening(Path dir) throws IOException, InterruptedException {
        for (int i = 0; i < 100 && process.isAlive(); i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("nginx did not start; see " + dir.resolve("error.log"));
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** CPU seconds of the master and its workers. */
    public double cpuSeconds() {
        return ProcessCpu.seconds(process.pid())
                + process.descendants().mapToDouble(p -> ProcessCpu.seconds(p.pid())).sum();
    }

    @Override
    public void close() {
        // the master stops its workers on SIGTERM; killing workers first would only make it respawn them
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
