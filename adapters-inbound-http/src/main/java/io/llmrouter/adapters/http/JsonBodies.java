package io.llmrouter.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small JSON responses written with Jackson's streaming generator (no object mapping needed). */
final class JsonBodies {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonBodies() {
    }

    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] bytes(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void send(ServerResponse res, int status, Writer writer) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(bytes(writer));
    }
}
