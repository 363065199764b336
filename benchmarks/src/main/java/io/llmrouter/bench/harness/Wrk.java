package io.llmrouter.bench.harness;

import io.llmrouter.bench.load.LatencySummary;
import io.llmrouter.bench.load.RunReport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop load with wrk (Debian's {@code wrk}), one thread: one POST body repeated on every
 * connection. On two shared cores the Java load client costs several times wrk's CPU per request
 * and takes it from the process under test, so plain-answer throughput is measured with wrk where
 * it is installed. wrk cannot time streams (no TTFT), so streams keep the Java client.
 */
public final class Wrk {

    private static final List<Path> PLACES = List.of(Path.of("/usr/bin/wrk"), Path.of("/usr/local/bin/wrk"));

    /** The script: the body from a file, headers, and one machine-readable line at the end. */
    private static final String SCRIPT = """
            local f = assert(io.open("%s", "rb"))
            wrk.method = "POST"
            wrk.body = f:read("*a")
            f:close()
            %s
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("WRK %%d %%d %%d %%.1f %%.1f %%.1f %%.1f %%.1f %%.1f %%.1f %%.1f\\n",
                summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
                latency.mean, latency.stdev, latency:percentile(50), latency:percentile(90),
                latency:percentile(95), latency:percentile(99), latency.max, latency.min))
            end
            """;

    private final Path binary;

    private Wrk(Path binary) {
        this.binary = binary;
    }

    public static Optional<Wrk> find() {
        return PLACES.stream().filter(Files::isExecutable).findFirst().map(Wrk::new);
    }

    /**
     * {@code connections} clients for {@code duration} against {@code url}, each sending {@code body}
     * with {@code headers}; a report with E2E latency only (wrk records it in microseconds).
     */
    public RunReport run(String label, URI url, byte[] body, Map<String, String> headers, int connections,
                         Duration duration) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("wrk");
        try {
            Path bodyFile = Files.write(dir.resolve("body.json"), body);
            StringBuilder headerLines = new StringBuilder("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
            headers.forEach((name, value) -> headerLines.append("wrk.headers[\"").append(name).append("\"] = \"")
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n"));
            Path script = Files.writeString(dir.resolve("post.lua"), String.format(Locale.ROOT, SCRIPT, bodyFile, headerLines));
            List<String> command = new ArrayList<>(List.of(binary.toString(), "-t1", "-c" + connections,
                    "-d" + Math.max(1, duration.toSeconds()) + "s", "--timeout", "10s", "-s", script.toString(),
                    url.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("wrk did not finish: " + output);
            }
            return parse(label, connections, output);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    static RunReport parse(String label, int connections, String output) throws IOException {
        String line = output.lines().filter(l -> l.startsWith("WRK ")).findFirst()
                .orElseThrow(() -> new IOException("no result line from wrk: " + output));
        String[] f = line.split(" ");
        int requests = Integer.parseInt(f[1]);
        double seconds = Long.parseLong(f[2]) / 1e6;
        int errors = Integer.parseInt(f[3]);
        double us = 1e-3;
        LatencySummary e2e = new LatencySummary(requests, Double.parseDouble(f[4]) * us, Double.parseDouble(f[5]) * us,
                Double.parseDouble(f[6]) * us, Double.parseDouble(f[7]) * us, Double.parseDouble(f[8]) * us,
                Double.parseDouble(f[9]) * us, Double.parseDouble(f[10]) * us);
        int failed = Math.min(errors, requests);
        List<String> sample = errors > 0 ? List.of(errors + " wrk errors (connect, read, write, non-2xx or timeout)")
                : List.of();
        return new RunReport(label, "fixed", Double.POSITIVE_INFINITY, connections, requests - failed, failed, 0, 0, 0,
                seconds, connections, LatencySummary.EMPTY, LatencySummary.EMPTY, LatencySummary.EMPTY, e2e, sample, 1);
    }
}
