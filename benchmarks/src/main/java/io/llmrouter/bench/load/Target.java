package io.llmrouter.bench.load;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where and how to send: any OpenAI-compatible base URL (router, simulated engine, real vLLM),
 * the model name and the API ({@code completions} or {@code chat}), streaming or not.
 */
public record Target(URI baseUrl, String model, boolean chat, boolean stream, String extraHeaders) {

    /** No extra request headers. */
    public Target(URI baseUrl, String model, boolean chat, boolean stream) {
        this(baseUrl, model, chat, stream, "");
    }

    /** The same target with one more request header on every request (a credential, say). */
    public Target withHeader(String name, String value) {
        return new Target(baseUrl, model, chat, stream, extraHeaders + name + ": " + value + "\r\n");
    }

    public Target {
        Objects.requireNonNull(baseUrl, "'baseUrl' must not be null");
        Objects.requireNonNull(model, "'model' must not be null");
        Objects.requireNonNull(extraHeaders, "'extraHeaders' must not be null");
        if (!"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("'baseUrl' must be http://host:port, got " + baseUrl);
        }
    }

    /** The extra request headers, by name (one value each). */
    public java.util.Map<String, String> headers() {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (String line : extraHeaders.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    String host() {
        return baseUrl.getHost();
    }

    int port() {
        return baseUrl.getPort() < 0 ? 80 : baseUrl.getPort();
    }

    /** The request path, under the base URL's own path (a base of {@code http://h:p/v1} or {@code http://h:p} both work). */
    public String path() {
        String base = baseUrl.getPath() == null ? "" : baseUrl.getPath().replaceAll("/+$", "");
        String api = chat ? "/chat/completions" : "/completions";
        return (base.endsWith("/v1") ? base : base + "/v1") + api;
    }

    /**
     * The JSON body, built once per distinct request: {@code ignore_eos} and temperature 0 as
     * bench_serving sends them, and {@code include_usage} so the engine reports token counts.
     */
    public byte[] body(BenchRequest request) {
        String input = chat
                ? "\"messages\":[{\"role\":\"user\",\"content\":" + JsonScan.quote(request.prompt()) + "}]"
                : "\"prompt\":" + JsonScan.quote(request.prompt());
        String streaming = stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "";
        return ("{\"model\":" + JsonScan.quote(model) + "," + input + ",\"max_tokens\":" + request.outputTokens()
                + ",\"temperature\":0,\"ignore_eos\":true" + streaming + "}").getBytes(StandardCharsets.UTF_8);
    }
}
