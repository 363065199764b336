package io.llmrouter.bench.overhead;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;

/**
 * The ceiling the router is measured against: the same Helidon version and socket options as the
 * router (server on virtual threads, {@code tcpNoDelay} both ways, a pooled keep-alive client
 * without expect-continue), doing only what any proxy must: read the body (exactly
 * Content-Length bytes, then to EOF), one Jackson streaming pass to find {@code model}, forward to
 * one upstream, copy the answer back, flushing as it arrives so streams stay streams.
 *
 * <p>Run as its own process by {@code bin/bench overhead}: {@code BareHelidonProxy PORT UPSTREAM_URI}.
 */
public final class BareHelidonProxy {

    private static final JsonFactory JSON = new JsonFactory();

    private BareHelidonProxy() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        URI upstream = URI.create(args[1]);
        WebClient client = WebClient.builder()
                .baseUri(upstream)
                .sendExpectContinue(false)
                .keepAlive(true)
                .followRedirects(false)
                .socketOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .build();
        WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .routing(r -> r.post("/*", (req, res) -> proxy(client, req, res))
                        .get("/readyz", (req, res) -> res.send("ok")))
                .build()
                .start();
    }

    private static void proxy(WebClient client, ServerRequest req, ServerResponse res) throws IOException {
        byte[] body = readBody(req);
        if (model(body) == null) {
            res.status(Status.BAD_REQUEST_400).send("no model");
            return;
        }
        try (HttpClientResponse answer = client.post(req.path().rawPath())
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            res.status(answer.status());
            answer.headers().contentType().ifPresent(res.headers()::contentType);
            try (InputStream in = answer.inputStream(); OutputStream out = res.outputStream()) {
                byte[] buffer = new byte[16 * 1024];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        }
    }

    /** Exactly Content-Length bytes, then one read to EOF (without it Http1Client's pool drops the connection). */
    private static byte[] readBody(ServerRequest req) throws IOException {
        try (InputStream in = req.content().inputStream()) {
            long length = req.headers().contentLength().orElse(-1);
            byte[] body = length >= 0 ? in.readNBytes((int) length) : in.readAllBytes();
            if (in.read() != -1) {
                throw new IOException("body longer than Content-Length");
            }
            return body;
        }
    }

    private static String model(byte[] body) throws IOException {
        String model = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("model")) {
                    model = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        }
        return model;
    }
}
