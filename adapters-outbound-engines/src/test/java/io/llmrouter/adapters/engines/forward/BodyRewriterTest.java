package io.llmrouter.adapters.engines.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.llmrouter.domain.inference.ByteSplice;
import io.llmrouter.domain.inference.RequestBody;
import io.llmrouter.domain.inference.StreamUsage;
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

    @Test
    void rewrite_modelOverrideAndUsageSplice_bothAppliedInOneCopy() {
        String body = "{\"model\":\"alias\",\"stream\":true}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int close = body.length() - 1;
        RequestBody parsed = new RequestBody(bytes, 9, 16, StreamUsage.decide(true, false, () -> new ByteSplice(close, close,
                ",\"stream_options\":{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8))));
        assertEquals("{\"model\":\"real-model\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                new String(BodyRewriter.rewrite(parsed, Optional.of("real-model")), StandardCharsets.UTF_8));
        assertEquals("{\"model\":\"alias\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
                new String(BodyRewriter.rewrite(parsed, Optional.empty()), StandardCharsets.UTF_8));
        RequestBody asked = new RequestBody(bytes, 9, 16, StreamUsage.CLIENT_ASKED);
        assertSame(bytes, BodyRewriter.rewrite(asked, Optional.empty()));
    }

    @Test
    void rewrite_usageSpliceBeforeTheModel_bothApplied() {
        String body = "{\"stream_options\":{},\"model\":\"a\",\"stream\":true}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int modelStart = body.indexOf("\"a\"");
        RequestBody parsed = new RequestBody(bytes, modelStart, modelStart + 3, StreamUsage.decide(true, false,
                () -> new ByteSplice(19, 19, "\"include_usage\":true".getBytes(StandardCharsets.UTF_8))));
        assertEquals("{\"stream_options\":{\"include_usage\":true},\"model\":\"bb\",\"stream\":true}",
                new String(BodyRewriter.rewrite(parsed, Optional.of("bb")), StandardCharsets.UTF_8));
    }
}
