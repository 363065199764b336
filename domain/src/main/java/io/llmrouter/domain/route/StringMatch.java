package io.llmrouter.domain.route;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One of {@code exact}, {@code prefix} or {@code regex}, as in Kthena's {@code StringMatch}.
 *
 * <p>When several are set the first in that order decides (Kthena's precedence; validation warns
 * about it). When none is set, every value matches. A regex is an unanchored search, like Go's
 * {@code MatchString}, so {@code "premium"} matches {@code "x-premium-y"}; anchor it to match whole.
 * The pattern is compiled once, here, and an invalid one never matches (validation reports it).
 */
public final class StringMatch {

    private final String exact;
    private final String prefix;
    private final String regex;
    private final Pattern pattern;

    private StringMatch(String exact, String prefix, String regex) {
        this.exact = exact;
        this.prefix = prefix;
        this.regex = regex;
        this.pattern = exact == null && prefix == null && regex != null ? compileOrNull(regex) : null;
    }

    public static StringMatch of(String exact, String prefix, String regex) {
        return new StringMatch(exact, prefix, regex);
    }

    public static StringMatch exact(String value) {
        return new StringMatch(value, null, null);
    }

    public static StringMatch prefix(String value) {
        return new StringMatch(null, value, null);
    }

    public static StringMatch regex(String value) {
        return new StringMatch(null, null, value);
    }

    public boolean matches(String value) {
        String v = value == null ? "" : value;
        if (exact != null) {
            return exact.equals(v);
        }
        if (prefix != null) {
            return v.startsWith(prefix);
        }
        if (regex != null) {
            return pattern != null && pattern.matcher(v).find();
        }
        return true;
    }

    public Optional<String> exactValue() {
        return Optional.ofNullable(exact);
    }

    public Optional<String> prefixValue() {
        return Optional.ofNullable(prefix);
    }

    public Optional<String> regexValue() {
        return Optional.ofNullable(regex);
    }

    /** How many of exact / prefix / regex are set; more than one is legal but suspicious. */
    public int kindsSet() {
        return (exact != null ? 1 : 0) + (prefix != null ? 1 : 0) + (regex != null ? 1 : 0);
    }

    /** The regex's syntax error, if the regex is the deciding kind and does not compile. */
    public Optional<String> regexError() {
        if (exact != null || prefix != null || regex == null) {
            return Optional.empty();
        }
        try {
            Pattern.compile(regex);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static Pattern compileOrNull(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StringMatch other
                && java.util.Objects.equals(exact, other.exact)
                && java.util.Objects.equals(prefix, other.prefix)
                && java.util.Objects.equals(regex, other.regex);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(exact, prefix, regex);
    }

    @Override
    public String toString() {
        if (exact != null) {
            return "exact:" + exact;
        }
        if (prefix != null) {
            return "prefix:" + prefix;
        }
        return regex != null ? "regex:" + regex : "any";
    }
}
