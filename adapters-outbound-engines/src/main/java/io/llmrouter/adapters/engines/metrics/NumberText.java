package io.llmrouter.adapters.engines.metrics;

/**
 * Number spellings of the exposition format, which follow Go's {@code strconv.ParseFloat} rather than
 * Java's {@code Double.parseDouble} (which also takes {@code 1.0d}, {@code 0x1p3} and
 * {@code Infinity} with any case rules of its own).
 */
final class NumberText {

    private NumberText() {
    }

    /** {@code ±Inf}/{@code ±Infinity} (any case) as infinities, {@code NaN} for everything else. */
    static double special(String token) {
        String unsigned = token.startsWith("+") || token.startsWith("-") ? token.substring(1) : token;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return token.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
    }

    static boolean isNaN(String token) {
        String unsigned = token.startsWith("+") || token.startsWith("-") ? token.substring(1) : token;
        return unsigned.equalsIgnoreCase("nan");
    }

    /** Digits, one optional sign per mantissa and exponent, a point and an exponent marker only. */
    static boolean isDecimal(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }
}
