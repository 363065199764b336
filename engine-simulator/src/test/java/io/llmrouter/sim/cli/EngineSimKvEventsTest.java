package io.llmrouter.sim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.sim.kvevents.KvEventEncoder;
import io.llmrouter.sim.kvevents.KvEventsConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * {@code bin/engine-sim --kv-events-endpoint tcp://127.0.0.1:PORT}: a standalone simulator process,
 * started through its CLI entry point, publishes vLLM's KV events that a plain ZMQ SUB receives.
 */
class EngineSimKvEventsTest {

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void main_kvEventsEndpoint_publishesTheBlockCachesEventsToASubscriber() throws Exception {
        int httpPort = freePort();
        int eventsPort = freePort();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EngineSimMain.class.getName(),
                "--port", Integer.toString(httpPort), "--profile", "instant",
                "--kv-events-endpoint", "tcp://127.0.0.1:" + eventsPort, "--kv-events-topic", "kv@sim")
                .redirectErrorStream(true).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        });
        try (ZContext context = new ZContext()) {
            String announced = awaitLine(lines, "publishing KV events");
            assertTrue(announced.contains("on tcp://127.0.0.1:" + eventsPort + " (map encoding, int hashes, topic 'kv@sim')"),
                    announced);
            ZMQ.Socket sub = context.createSocket(SocketType.SUB);
            sub.subscribe("kv@".getBytes(StandardCharsets.UTF_8));
            sub.connect("tcp://127.0.0.1:" + eventsPort);
            sub.setReceiveTimeOut(100);
            HttpClient http = HttpClient.newHttpClient();
            ZMsg msg = null;
            long deadline = System.nanoTime() + 20_000_000_000L;
            // ZMQ's slow joiner: events sent before the subscription is up are lost, so serve distinct
            // prompts until one's events arrive
            for (int n = 0; msg == null && System.nanoTime() < deadline; n++) {
                String body = "{\"model\":\"deepseek-ai/DeepSeek-R1-Distill-Qwen-7B\",\"prompt\":\"prompt " + n + " "
                        + "lorem ipsum dolor sit amet ".repeat(20) + "\",\"max_tokens\":2}";
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/v1/completions")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                msg = ZMsg.recvMsg(sub);
            }
            assertTrue(msg != null, "no KV event from the simulator process within 20 s");
            assertEquals(3, msg.size());
            assertEquals("kv@sim", msg.pop().getString(StandardCharsets.UTF_8));
            byte[] seq = msg.pop().getData();
            assertEquals(8, seq.length);
            assertTrue(ByteBuffer.wrap(seq).getLong() >= 0);
            Value batch = MessagePack.newDefaultUnpacker(msg.pop().getData()).unpackValue();
            Map<Value, Value> fields = batch.asMapValue().map();
            assertTrue(fields.containsKey(ValueFactory.newString("ts")), batch.toString());
            Value first = fields.get(ValueFactory.newString("events")).asArrayValue().get(0);
            assertEquals("BlockStored", first.asMapValue().map().get(ValueFactory.newString("type")).asStringValue()
                    .asString(), batch.toString());
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static String awaitLine(LinkedBlockingQueue<String> lines, String containing) throws InterruptedException {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                if (line.contains(containing)) {
                    return line;
                }
            }
        }
        throw new AssertionError("no line with '" + containing + "' in 30 s; output:\n" + seen);
    }

    @Test
    void parse_kvEventsFlags_buildTheConfigAndReplicasOffsetTheirPorts() {
        CliArgs cli = CliArgs.parse("--kv-events-endpoint", "tcp://127.0.0.1:5557", "--kv-events-replay-endpoint",
                "tcp://127.0.0.1:5600", "--kv-events-encoding", "array", "--kv-events-hashes", "bytes",
                "--kv-events-seed", "42", "--kv-events-topic", "t", "--replicas", "2");
        KvEventsConfig c = cli.kvEvents().orElseThrow();
        assertEquals(new KvEventsConfig("tcp://127.0.0.1:5557", "tcp://127.0.0.1:5600", "t", KvEventEncoder.Encoding.ARRAY,
                false, "42"), c);
        KvEventsConfig second = cli.kvEventsFor(1).orElseThrow();
        assertEquals("tcp://127.0.0.1:5558", second.endpoint());
        assertEquals("tcp://127.0.0.1:5601", second.replayEndpoint());
        assertEquals("tcp://127.0.0.1:*", CliArgs.parse("--kv-events-endpoint", "tcp://127.0.0.1:*", "--replicas", "3")
                .kvEventsFor(2).orElseThrow().endpoint());
        // defaults: vLLM's current map encoding, SGLang's array one, int hashes, vLLM's topic ""
        KvEventsConfig vllm = CliArgs.parse("--kv-events-endpoint", "tcp://127.0.0.1:5557").kvEvents().orElseThrow();
        assertEquals(new KvEventsConfig("tcp://127.0.0.1:5557", null, "", KvEventEncoder.Encoding.MAP, true,
                "vllm-none-hash"), vllm);
        assertEquals(KvEventEncoder.Encoding.ARRAY, CliArgs.parse("--engine", "sglang", "--kv-events-endpoint",
                "tcp://127.0.0.1:5557").kvEvents().orElseThrow().encoding());
        assertTrue(CliArgs.parse("--engine", "vllm").kvEvents().isEmpty());
        assertTrue(CliArgs.USAGE.contains("--kv-events-endpoint tcp://HOST:PORT"), CliArgs.USAGE);
    }

    @Test
    void parse_badKvEventsFlags_areUsageErrors() {
        for (String[] bad : new String[][] {
            {"--kv-events-endpoint", "127.0.0.1:5557"}, {"--kv-events-endpoint", "tcp://127.0.0.1:port"},
            {"--kv-events-endpoint", "tcp://127.0.0.1:70000"}, {"--kv-events-endpoint", "tcp://:5557"},
            {"--kv-events-endpoint", "tcp://127.0.0.1:5557", "--kv-events-encoding", "json"},
            {"--kv-events-endpoint", "tcp://127.0.0.1:5557", "--kv-events-hashes", "hex"},
            {"--kv-events-encoding", "map"}, {"--engine", "tgi", "--kv-events-endpoint", "tcp://127.0.0.1:5557"}}) {
            assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(bad), String.join(" ", bad));
        }
    }
}
