package io.llmrouter.sim.tokenizer;

import java.util.List;

/**
 * The simulator's chat template, ChatML as used by Qwen2 models:
 *
 * <pre>
 * &lt;|im_start|&gt;system\nYou are helpful.&lt;|im_end|&gt;\n
 * &lt;|im_start|&gt;user\nHi&lt;|im_end|&gt;\n
 * &lt;|im_start|&gt;assistant\n            (the generation prompt)
 * </pre>
 *
 * Each turn is rendered independently of the ones after it, so turn N+1 of a conversation starts
 * with exactly the text (and tokens) of turn N: multi-turn conversations share prefixes.
 */
public final class ChatTemplate {

    static final String GENERATION_PROMPT = SimTokenizer.IM_START + "assistant\n";

    private ChatTemplate() {
    }

    /** Renders the conversation and appends the assistant generation prompt. */
    public static String render(List<ChatMessage> messages) {
        StringBuilder text = new StringBuilder(64);
        for (ChatMessage message : messages) {
            text.append(SimTokenizer.IM_START).append(message.role()).append('\n')
                .append(message.content()).append(SimTokenizer.IM_END).append('\n');
        }
        return text.append(GENERATION_PROMPT).toString();
    }
}
