package io.llmrouter.bench.load;

import java.util.random.RandomGenerator;

/**
 * Random text with an exact token count for the engine simulator's tokenizer: every word is a
 * space followed by one to five lowercase letters, which {@code SimTokenizer} counts as exactly one
 * token (a word piece holds at most six characters, the space included). A real engine's BPE
 * tokenizer splits such random words into roughly two tokens each, so counts are approximate there.
 * SGLang's generator decodes random token ids instead; only the count and the randomness matter here.
 */
public final class TokenText {

    /** Bytes per token on average: space + 1..5 letters. */
    public static final double MEAN_BYTES_PER_TOKEN = 4.0;

    private TokenText() {
    }

    /** {@code tokens} random one-token words. */
    public static String words(int tokens, RandomGenerator random) {
        StringBuilder text = new StringBuilder(tokens * 6);
        for (int i = 0; i < tokens; i++) {
            text.append(' ');
            int letters = 1 + random.nextInt(5);
            for (int j = 0; j < letters; j++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }

    /** {@code tokens} words of exactly five letters, so the byte size is {@code 6 × tokens}: for size-bound prompts. */
    public static String fixedWidthWords(int tokens, RandomGenerator random) {
        StringBuilder text = new StringBuilder(tokens * 6);
        for (int i = 0; i < tokens; i++) {
            text.append(' ');
            for (int j = 0; j < 5; j++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }
}
