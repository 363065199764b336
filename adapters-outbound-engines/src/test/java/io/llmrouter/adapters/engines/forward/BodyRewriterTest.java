package io.llmrouter.adapters.engines.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.llmrouter.domain.inference.RequestBody;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BodyRewriterTest {

    private static final String BODY = "{\"prompt\":\"é\",\"model\":\"alias\",\"max_tokens\":3}";

    @Test
    void withModel_override_splicesOnlyTheModelValue() {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        int start = BODY.getBytes(StandardCharsets.UTF_8).length - "\"alias\",\"max_tokens\":3}".length();
        RequestBody body = new RequestBody(bytes, start, start + "\"alias\"".length());
        byte[] out = BodyRewriter.withModel(body, Optional.of("org/Model \"7B\""));
        assertEquals("{\"prompt\":\"é\",\"model\":\"org/Model \\\"7B\\\"\",\"max_tokens\":3}",
                new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void withModel_noOverride_returnsTheSameBytesUncopied() {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        assertSame(bytes, BodyRewriter.withModel(new RequestBody(bytes, 0, 0), Optional.empty()));
    }
}
