package io.llmrouter.adapters.engines.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.domain.inference.TokenUsage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Usage from the tail of non-streamed JSON answers, in bounded memory. */
class JsonUsageTailTest {

    @Test
    void usage_answerLongerThanTheTailInManyReads_readFromTheEnd() {
        String body = "{\"choices\":[{\"text\":\"" + "y".repeat(3 * JsonUsageTail.TAIL) + "\"}],"
                + "\"usage\": {\"prompt_tokens\": 12, \"total_tokens\": 17, \"completion_tokens\": 5},"
                + "\"prompt_logprobs\":null}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        JsonUsageTail tail = new JsonUsageTail();
        for (int at = 0; at < bytes.length; at += 1000) {
            tail.add(bytes, at, Math.min(1000, bytes.length - at));
        }
        assertEquals(new TokenUsage(12, 5), tail.usage());
    }

    @Test
    void usage_textMentionsUsageBeforeTheRealObject_lastOneWins() {
        String body = "{\"choices\":[{\"text\":\"\\\"usage\\\": {\\\"prompt_tokens\\\": 99}\"}],"
                + "\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":1}}";
        JsonUsageTail tail = new JsonUsageTail();
        tail.add(body.getBytes(StandardCharsets.UTF_8), 0, body.length());
        assertEquals(new TokenUsage(2, 1), tail.usage());
    }

    @Test
    void usage_errorBodyWithoutUsage_unknown() {
        String body = "{\"error\":{\"message\":\"bad\",\"code\":400}}";
        JsonUsageTail tail = new JsonUsageTail();
        tail.add(body.getBytes(StandardCharsets.UTF_8), 0, body.length());
        assertEquals(TokenUsage.UNKNOWN, tail.usage());
    }

    @Test
    void usage_nothingRelayed_unknown() {
        assertEquals(TokenUsage.UNKNOWN, new JsonUsageTail().usage());
    }
}
