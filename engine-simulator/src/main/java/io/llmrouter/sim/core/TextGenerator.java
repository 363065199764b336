package io.llmrouter.sim.core;

import io.llmrouter.sim.tokenizer.SimTokenizer;
import java.util.SplittableRandom;

/**
 * Deterministic output text: each output token is one word drawn, with a seeded random, from a
 * fixed list. Every word is a single token of {@link SimTokenizer}, so re-tokenizing an answer
 * (as the next turn of a chat does) gives back exactly the generated ids.
 */
final class TextGenerator {

    private static final String[] WORDS = {
        " the", " model", " route", " cache", " token", " chunk", " block", " batch", " pod", " queue",
        " host", " node", " text", " reply", " fast", " calm", " light", " sharp", " clear", " quiet",
        " river", " stone", " cloud", " field", " north", " green", " amber", " sun", " moon", " swift",
        " and", " of", " to", " in", " is", " on", " with", " as", " at", " by",
        " we", " it", " a", " an", ".", ",", " data", " graph", " path", " time",
        " load", " work", " plan", " idea", " test", " step",
    };
    private static final int[] IDS = new int[WORDS.length];

    static {
        for (int i = 0; i < WORDS.length; i++) {
            IDS[i] = SimTokenizer.idOfPiece(WORDS[i]);
        }
    }

    private final SplittableRandom random;
    private int lastWord;

    TextGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Draws the next word; read it with {@link #id()} and {@link #text()}. */
    void next() {
        lastWord = random.nextInt(WORDS.length);
    }

    int id() {
        return IDS[lastWord];
    }

    String text() {
        return WORDS[lastWord];
    }
}
