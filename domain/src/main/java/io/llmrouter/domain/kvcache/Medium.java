package io.llmrouter.domain.kvcache;

import java.util.Locale;

/**
 * Where an engine keeps a KV block: vLLM's {@code medium} ("GPU", "CPU" for offloading connectors)
 * and SGLang's StorageMedium ({@code GPU}, {@code CPU_PINNED}, {@code DISK}, {@code EXTERNAL}).
 * A block on the GPU is reused at once; an offloaded one must be loaded back first, so it is worth
 * less to the scorer. An absent medium is the GPU (vLLM's default for events that omit it).
 */
public enum Medium {
    GPU, CPU, DISK, OTHER;

    /** The bit of this medium in a tier mask. */
    public int bit() {
        return 1 << ordinal();
    }

    public static Medium parse(String name) {
        if (name == null || name.isEmpty()) {
            return GPU;
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.startsWith("GPU") || upper.equals("HBM") || upper.equals("DEVICE")) {
            return GPU;
        }
        if (upper.startsWith("CPU")) {
            return CPU;
        }
        return upper.equals("DISK") ? DISK : OTHER;
    }
}
