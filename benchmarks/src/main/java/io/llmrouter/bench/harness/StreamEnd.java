package io.llmrouter.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

/**
 * How an OpenAI streaming request ended, as its client sees it: whole ({@code [DONE]}, no error
 * event), cut visibly (an error event, then {@code [DONE]}), cut silently (no {@code [DONE]}, or
 * the connection broke), or refused before any event (the status).
 */
public record StreamEnd(Kind kind, int status) {

    public enum Kind { WHOLE, CUT_VISIBLY, CUT_SILENTLY, REFUSED }

    /** Sends {@code request} and reads its event stream to the end. */
    public static StreamEnd of(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                response.body().close();
                return new StreamEnd(Kind.REFUSED, response.statusCode());
            }
            boolean error = false;
            boolean done = false;
            try (Stream<String> lines = response.body()) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("data: [DONE]")) {
                        done = true;
                    } else if (line.startsWith("data: {\"error\"")) {
                        error = true;
                    }
                }
            }
            Kind kind = !done ? Kind.CUT_SILENTLY : error ? Kind.CUT_VISIBLY : Kind.WHOLE;
            return new StreamEnd(kind, 200);
        } catch (IOException | UncheckedIOException e) {
            return new StreamEnd(Kind.CUT_SILENTLY, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StreamEnd(Kind.CUT_SILENTLY, 0);
        }
    }
}
