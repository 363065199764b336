package io.llmrouter.bench.jmh;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One keep-alive HTTP/1.1 request on loopback to a Helidon server with one trivial handler:
 * {@code plain} is today's listener (metrics recorded by the router's own code, see
 * {@link MetricsBackendBenchmark}); {@code observed} adds Helidon's observe feature with the metrics
 * observer (helidon-webserver-observe-metrics, Micrometer provider) at its defaults, whose filter
 * runs on every request. The difference is the per-request cost of adopting it.
 *
 * <p>In test sources, with the observe artifacts in test scope only; run with the test class path
 * first so JMH reads this source set's benchmark list:
 * <pre>mvn -q -pl benchmarks -am test-compile
 * mvn -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -cp benchmarks/target/test-classes:benchmarks/target/classes:$(cat benchmarks/target/test-classpath.txt) \
 *     org.openjdk.jmh.Main 'MetricsBackendBenchmark|ObserveHttpBenchmark' -f 2 -wi 5 -w 1s -i 8 -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ObserveHttpBenchmark {

    private static final byte[] REQUEST = "GET /v1/ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @Param({"plain", "observed"})
    String server;

    private WebServer web;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] buffer = new byte[8192];

    @Setup
    public void setUp() throws IOException {
        // Never discovered from the class path (Helidon would add the observe feature to both): only added by hand.
        var builder = WebServer.builder().host("127.0.0.1").port(0).featuresDiscoverServices(false)
                .routing(r -> r.get("/v1/ping", (req, res) -> res.send("ok")));
        if (server.equals("observed")) {
            builder.addFeature(ObserveFeature.just(MetricsObserver.create()));
        }
        web = builder.build().start();
        socket = new Socket("127.0.0.1", web.port());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    @TearDown
    public void tearDown() throws IOException {
        socket.close();
        web.stop();
    }

    @Benchmark
    public int request() throws IOException {
        out.write(REQUEST);
        out.flush();
        return readResponse();
    }

    /** Reads one response: headers to the blank line, then Content-Length bytes of body. */
    private int readResponse() throws IOException {
        int length = 0;
        int headerEnd = -1;
        while (headerEnd < 0) {
            int n = in.read(buffer, length, buffer.length - length);
            if (n < 0) {
                throw new IOException("connection closed");
            }
            length += n;
            headerEnd = indexOfBlankLine(length);
        }
        String head = new String(buffer, 0, headerEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
        int at = head.indexOf("content-length:");
        int bodyLength = Integer.parseInt(head.substring(at + 15, head.indexOf('\r', at)).strip());
        int have = length - (headerEnd + 4);
        while (have < bodyLength) {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                throw new IOException("connection closed");
            }
            have += n;
        }
        return bodyLength;
    }

    private int indexOfBlankLine(int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
