package io.llmrouter.adapters.k8s.manifest;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

/** "Did you mean" hints for misspelt field names and enum values. */
final class Suggestions {

    private Suggestions() {
    }

    /** {@code " (did you mean 'weight'?)"} when a known word is close (edit distance up to 2, or same letters ignoring case). */
    static String didYouMean(String word, Collection<String> known) {
        return known.stream()
                .filter(k -> k.equalsIgnoreCase(word) || distance(k.toLowerCase(Locale.ROOT), word.toLowerCase(Locale.ROOT)) <= 2)
                .min(Comparator.comparingInt(k -> distance(k, word)))
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse("");
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
