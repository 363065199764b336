package io.llmrouter.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PromptReaderTest {

    @Test
    void messages_wholeConversation_renderedWithTheChatTemplate() throws Exception {
        String body = """
                {"model":"m","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"image_url","image_url":{"url":"x"}},
                                            {"type":"text","text":"there"}]},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"1"}]}]}""";
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi\nthere<|im_end|>\n"
                + "<|im_start|>assistant\n<|im_end|>\n", prompt(body, "/v1/chat/completions"));
    }

    @Test
    void messages_laterTurn_extendsTheEarlierConversationsPrefix() throws Exception {
        String first = prompt("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Q1\"}]}", "/v1/chat/completions");
        String second = prompt("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Q1\"},"
                + "{\"role\":\"assistant\",\"content\":\"A1\"},{\"role\":\"user\",\"content\":\"Q2\"}]}", "/v1/chat/completions");
        assertTrue(second.startsWith(first), second);
    }

    @Test
    void prompt_stringOrArrayOfStrings() throws Exception {
        assertEquals("once", prompt("{\"model\":\"m\",\"prompt\":\"once\"}", "/v1/completions"));
        assertEquals("ab", prompt("{\"model\":\"m\",\"prompt\":[\"a\",\"b\",[1,2]]}", "/v1/completions"));
    }

    @Test
    void messages_notAnArray_refused() {
        RequestParser.InvalidRequest e = org.junit.jupiter.api.Assertions.assertThrows(RequestParser.InvalidRequest.class,
                () -> prompt("{\"model\":\"m\",\"messages\":\"hi\"}", "/v1/chat/completions"));
        assertEquals("messages", e.error().param().orElseThrow());
    }

    private static String prompt(String body, String path) throws RequestParser.InvalidRequest {
        return new String(RequestParser.parse(body.getBytes(StandardCharsets.UTF_8), path).prompt().utf8(),
                StandardCharsets.UTF_8);
    }
}
