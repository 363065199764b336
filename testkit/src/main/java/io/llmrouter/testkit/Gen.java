package io.llmrouter.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A generator of test inputs from a seeded random source: the same seed gives the same inputs, so a
 * failing property is reproduced from the seed its failure reports. Deliberately small: no
 * shrinking, so generators should favour small values (short lists, few tokens).
 */
@FunctionalInterface
public interface Gen<T> {

    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return r -> f.apply(next(r));
    }

    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        return r -> f.apply(next(r)).next(r);
    }

    /** Lists of {@code min..max} elements (inclusive). */
    default Gen<List<T>> list(int min, int max) {
        return r -> {
            int n = min + r.nextInt(max - min + 1);
            List<T> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(next(r));
            }
            return values;
        };
    }

    static <T> Gen<T> just(T value) {
        return r -> value;
    }

    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        return of(Arrays.asList(values));
    }

    static <T> Gen<T> of(List<T> values) {
        List<T> copy = List.copyOf(values);
        return r -> copy.get(r.nextInt(copy.size()));
    }

    /** Integers in {@code min..max} inclusive, with the bounds themselves drawn more often than chance. */
    static Gen<Integer> ints(int min, int max) {
        return r -> {
            int edge = r.nextInt(16);
            if (edge == 0) {
                return min;
            }
            if (edge == 1) {
                return max;
            }
            return (int) (min + r.nextLong((long) max - min + 1));
        };
    }

    /** Longs in {@code min..max} inclusive, bounds drawn more often than chance. */
    static Gen<Long> longs(long min, long max) {
        return r -> {
            int edge = r.nextInt(16);
            if (edge == 0) {
                return min;
            }
            if (edge == 1) {
                return max;
            }
            long span = max - min + 1;
            if (span <= 0) { // the range is wider than Long.MAX_VALUE: draw until inside
                long v;
                do {
                    v = r.nextLong();
                } while (v < min || v > max);
                return v;
            }
            return min + r.nextLong(span);
        };
    }

    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    /** Strings of {@code min..max} characters drawn from {@code chars}. */
    static Gen<String> strings(String chars, int min, int max) {
        return r -> {
            int n = min + r.nextInt(max - min + 1);
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                s.append(chars.charAt(r.nextInt(chars.length())));
            }
            return s.toString();
        };
    }

    /** Strings of {@code min..max} UTF-16 units of any value, surrogates and controls included. */
    static Gen<String> anyStrings(int min, int max) {
        return r -> {
            int n = min + r.nextInt(max - min + 1);
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                s.append((char) (r.nextInt(8) == 0 ? r.nextInt(0x10000) : r.nextInt(0x80)));
            }
            return s.toString();
        };
    }

    /** Byte arrays of {@code min..max} bytes of any value. */
    static Gen<byte[]> bytes(int min, int max) {
        return r -> {
            byte[] b = new byte[min + r.nextInt(max - min + 1)];
            r.nextBytes(b);
            return b;
        };
    }

    /** Concatenations of {@code min..max} tokens drawn from {@code tokens}: the usual shape of a syntax fuzzer. */
    static Gen<String> joined(List<String> tokens, int min, int max) {
        return of(tokens).list(min, max).map(l -> String.join("", l));
    }

    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> copy = List.of(gens);
        return r -> copy.get(r.nextInt(copy.size())).next(r);
    }

    /** Picks a generator with probability proportional to its weight: {@code frequency(3, a, 1, b)}. */
    static <T> Gen<T> frequency(Object... weightsAndGens) {
        int[] weights = new int[weightsAndGens.length / 2];
        List<Gen<? extends T>> gens = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < weightsAndGens.length; i += 2) {
            weights[i / 2] = (Integer) weightsAndGens[i];
            total += weights[i / 2];
            @SuppressWarnings("unchecked")
            Gen<? extends T> g = (Gen<? extends T>) weightsAndGens[i + 1];
            gens.add(g);
        }
        int sum = total;
        return r -> {
            int pick = r.nextInt(sum);
            for (int i = 0; i < weights.length; i++) {
                pick -= weights[i];
                if (pick < 0) {
                    return gens.get(i).next(r);
                }
            }
            throw new IllegalStateException("unreachable");
        };
    }

    static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<A, B, R> f) {
        return r -> f.apply(a.next(r), b.next(r));
    }
}
