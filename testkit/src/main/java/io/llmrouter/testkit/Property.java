package io.llmrouter.testkit;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Checks an invariant over many generated inputs, reproducibly. Each run starts from a fixed seed
 * (derived from the property's name, so properties do not share inputs); {@code -Dproperty.seed=N}
 * replays a reported failure, {@code -Dproperty.tries=N} overrides every property's number of tries
 * (e.g. a long soak before a release). A failure names the seed, the try and the input.
 */
public final class Property {

    private Property() {
    }

    public static <T> void check(String name, int tries, Gen<T> gen, Consumer<? super T> invariant) {
        long seed = Long.getLong("property.seed", name.hashCode() * 0x9E3779B97F4A7C15L);
        int n = Integer.getInteger("property.tries", tries);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            T input = gen.next(random);
            try {
                invariant.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property '" + name + "' failed on try " + (i + 1) + " of " + n
                        + " (replay with -Dproperty.seed=" + seed + "), input: " + describe(input)
                        + "\n" + e.getMessage(), e);
            }
        }
    }

    private static String describe(Object input) {
        String text = switch (input) {
            case byte[] b -> "bytes" + Arrays.toString(b.length > 256 ? Arrays.copyOf(b, 256) : b)
                    + (b.length > 256 ? "… (" + b.length + " bytes)" : "");
            case null -> "null";
            default -> String.valueOf(input);
        };
        return text.length() > 2000 ? text.substring(0, 2000) + "… (" + text.length() + " chars)" : text;
    }
}
