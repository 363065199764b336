package io.llmrouter.sim.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimTokenizerTest {

    @Test
    void count_examples_followDocumentedPieces() {
        assertEquals(2, SimTokenizer.count("hello world"));       // "hello", " world"
        assertEquals(3, SimTokenizer.count(" tokenizer!"));       // " token", "izer", "!"
        assertEquals(2, SimTokenizer.count("12345"));              // "123", "45"
        assertEquals(1, SimTokenizer.count("<|im_start|>"));
        assertEquals(0, SimTokenizer.count(""));
    }

    @Test
    void tokenize_specialTokens_useQwenIds() {
        assertArrayEquals(new int[] {SimTokenizer.IM_START_ID, SimTokenizer.IM_END_ID, SimTokenizer.ENDOFTEXT_ID},
            SimTokenizer.tokenize("<|im_start|><|im_end|><|endoftext|>"));
    }

    @Test
    void tokenize_knownText_isStableAcrossVersions() {
        // pinned ids (FNV-1a 64 of "hello" and " world", mod 151,387, plus 256): changing the algorithm would silently change every cache hit and usage number
        assertEquals("[5634, 66515]", Arrays.toString(SimTokenizer.tokenize("hello world")));
    }

    @Test
    void tokenize_englishProse_averagesAboutFourCharactersPerToken() {
        String prose = "The router sends each request to the replica that already holds its prefix in the KV cache, "
            + "which saves prefill compute and lowers the time to first token for long shared system prompts.";
        double charsPerToken = prose.length() / (double) SimTokenizer.count(prose);
        assertTrue(charsPerToken > 3.5 && charsPerToken < 6, "chars/token " + charsPerToken);
    }

    @Test
    void render_nextTurn_startsWithPreviousTurnTokens() {
        List<ChatMessage> turn1 = List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi"));
        List<ChatMessage> turn2 = List.of(turn1.get(0), turn1.get(1), new ChatMessage("assistant", " hello there"),
            new ChatMessage("user", "More"));
        int[] first = SimTokenizer.tokenize(ChatTemplate.render(turn1));
        int[] second = SimTokenizer.tokenize(ChatTemplate.render(turn2));
        // turn 1 minus its generation prompt ("<|im_start|>", "assistant", "\n") is a prefix of turn 2
        int shared = first.length - 3;
        assertArrayEquals(Arrays.copyOf(first, shared), Arrays.copyOf(second, shared));
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            ChatTemplate.render(turn1));
    }
}
