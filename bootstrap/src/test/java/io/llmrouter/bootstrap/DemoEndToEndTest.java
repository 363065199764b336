package io.llmrouter.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code bin/router demo}: the Kthena blog's example served as the blog writes it, on loopback. */
class DemoEndToEndTest {

    private static Main.Demo demo;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        demo = Main.Demo.start(CommandLine.parse(new String[] {"demo", "--port", "0", "--metrics-port", "0",
                "--admin-port", "0"}));
        waitUntilReady();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void blogRequest_premiumUser_isServedBy7b() throws Exception {
        // The blog's command, byte for byte: curl http://$ROUTER_IP/v1/completions -H "Content-Type:
        // application/json" -H "user-type: premium" -d '{"model": "deepseek-multi-models", "prompt": ...}'
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/v1/completions"))
                .header("Content-Type", "application/json").header("user-type", "premium")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"deepseek-multi-models\", \"prompt\": \"Explain quantum computing\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", body.at("/model").asText(), response.body());
        assertTrue(!body.at("/choices/0/text").asText().isEmpty(), response.body());
    }

    @Test
    void blogRequest_withoutHeader_isServedBy1_5b() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/v1/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\": \"deepseek-multi-models\", \"prompt\": \"Explain quantum computing\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", JSON.readTree(response.body()).at("/model").asText());
    }

    @Test
    void pdModel_isServedThroughAPrefillAndADecodePod_andTheDecisionNamesBoth() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"deepseek-pd\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Hello!\"}],\"max_tokens\":8,\"stream\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().trim().endsWith("data: [DONE]"), response.body());
        HttpResponse<String> decisions = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + demo.router().adminPort() + "/debug/decisions")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode pd = null;
        for (JsonNode d : JSON.readTree(decisions.body()).findValue("decisions")) {
            if (d.path("modelServer").asText().endsWith("deepseek-pd")) {
                pd = d;
                break;
            }
        }
        assertTrue(pd != null, decisions.body());
        assertEquals("deepseek-pd-prefill-0", pd.at("/pairs/0/prefillPod").asText(), pd.toString());
        assertTrue(pd.at("/pairs/0/decodePod").asText().startsWith("deepseek-pd-decode-"), pd.toString());
        assertTrue(demo.instructions().contains("\"model\":\"deepseek-pd\""), demo.instructions());
    }

    @Test
    void models_listTheBlogsModelName() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("deepseek-multi-models", JSON.readTree(response.body()).at("/data/0/id").asText(), response.body());
    }

    @Test
    void instructions_printTheBlogsCurlWithTheRealPorts() {
        String text = demo.instructions();
        int port = demo.router().inferencePort();
        assertTrue(text.contains("curl http://127.0.0.1:" + port + "/v1/completions -H \"Content-Type: application/json\""
                + " -H \"user-type: premium\" \\\n    -d '{\"model\": \"deepseek-multi-models\", \"prompt\": \"Explain"
                + " quantum computing\"}'"), text);
        assertTrue(!text.contains("\"model\":\"deepseek-r1\""), text);
        assertTrue(text.contains("http://127.0.0.1:" + demo.router().metricsPort() + "/metrics"), text);
        assertTrue(!text.contains(":-1"), text);
    }

    @Test
    void listeners_areOnLoopbackOnly() throws IOException {
        Optional<InetAddress> external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        // Reachable on loopback; not on this host's other address (if it has one).
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), demo.router().inferencePort()), 2000);
        }
        for (int port : new int[] {demo.router().inferencePort(), demo.router().metricsPort()}) {
            external.ifPresent(address -> assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), 2000);
                }
            }, "listening on " + address + ":" + port));
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + demo.router().inferencePort() + path);
    }

    /** The manifest folder the demo writes in the temporary directory goes when the demo stops. */
    @Test
    void close_removesTheManifestFolder() throws Exception {
        DemoEnvironment environment = DemoEnvironment.start();
        java.nio.file.Path folder = environment.manifests().get(0).getParent();
        assertTrue(java.nio.file.Files.isDirectory(folder));
        java.nio.file.Files.writeString(folder.resolve(".demo-models.yaml.swp"), "an editor's leftover");
        environment.close();
        assertTrue(java.nio.file.Files.notExists(folder), folder + " is left behind");
    }

    private static void waitUntilReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("demo router not ready within 20s");
    }
}
