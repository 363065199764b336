package io.llmrouter.bench.load;

/**
 * Just enough JSON reading for OpenAI responses, without a parser: the generator only needs the
 * integer fields of {@code usage} and whether a chunk carries text. Field names are looked up as
 * {@code "name":}, which is unambiguous in the response shapes of vLLM, SGLang and TGI.
 */
final class JsonScan {

    private JsonScan() {
    }

    /** The integer value of the first {@code "name":} at or after {@code from}, or -1. */
    static int intField(String json, String name, int from) {
        int at = json.indexOf('"' + name + '"', from);
        if (at < 0) {
            return -1;
        }
        int i = json.indexOf(':', at) + 1;
        while (i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        int value = 0;
        boolean any = false;
        for (; i < json.length() && Character.isDigit(json.charAt(i)); i++) {
            value = value * 10 + (json.charAt(i) - '0');
            any = true;
        }
        return any ? value : -1;
    }

    /** Offset of a non-null {@code "usage":{...}} object, or -1. */
    static int usageStart(String json) {
        int at = json.indexOf("\"usage\":");
        if (at < 0) {
            return -1;
        }
        int i = at + 8;
        while (i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        return i < json.length() && json.charAt(i) == '{' ? i : -1;
    }

    /** Whether a completion or chat chunk carries generated text ({@code "text"} or {@code "content"} non-empty). */
    static boolean hasContent(String json) {
        return nonEmptyString(json, "\"text\":") || nonEmptyString(json, "\"content\":");
    }

    private static boolean nonEmptyString(String json, String key) {
        int at = json.indexOf(key);
        if (at < 0) {
            return false;
        }
        int i = at + key.length();
        while (i < json.length() && json.charAt(i) == ' ') {
            i++;
        }
        return i + 1 < json.length() && json.charAt(i) == '"' && json.charAt(i + 1) != '"';
    }

    /** The JSON string literal of {@code text}, quotes included. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
