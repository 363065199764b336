package io.llmrouter.adapters.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random OpenAI-ish request bodies as JSON text, for property tests: nested objects and arrays,
 * strings with every kind of escape (short, {@code \\u} with surrogate pairs, raw UTF-8), numbers of
 * every form, booleans, null, random whitespace between all tokens, keys that are themselves
 * escaped (so {@code "mod\u0065l"} is the model), with and without {@code model}, {@code stream},
 * {@code stream_options} and {@code include_usage} of every JSON type, some keys repeated. Drawn from
 * a seed, so a failing body is reproduced by its seed. The oracle is {@link TestJsonTree} of the same text.
 */
final class RandomJsonBodies {

    /** A body and the path it is sent to (the one whose required fields it has). */
    record Body(String text, String path) {
    }

    private final Random r;

    RandomJsonBodies(long seed) {
        this.r = new Random(seed);
    }

    /** A body whose model, when it has a valid one, is {@code model} in some encoding (or random when null). */
    Body body(String model) {
        List<String> members = new ArrayList<>();
        int modelChoice = r.nextInt(20);
        if (modelChoice < 16) {
            members.add(member("model", string(model != null ? model : text() + "m" + text())));
            if (modelChoice == 0) {
                // a repeated model: the last one counts, for the router as for the engine
                members.add(0, member("model", string(text() + "x")));
            }
        } else if (modelChoice < 19) {
            members.add(member("model", r.nextBoolean() ? scalarNotString() : string(" ".repeat(r.nextInt(3)))));
        }
        int stream = r.nextInt(10);
        if (stream < 4) {
            members.add(member("stream", "true"));
        } else if (stream < 6) {
            members.add(member("stream", r.nextBoolean() ? "false" : "null"));
        } else if (stream == 6) {
            members.add(member("stream", r.nextBoolean() ? "\"true\"" : "1"));
        }
        if (r.nextInt(10) < 6) {
            members.add(member("stream_options", streamOptions()));
        }
        String path = "/v1/embeddings";
        int prompt = r.nextInt(3);
        if (prompt == 0) {
            members.add(member("prompt", r.nextBoolean() ? string(text()) : array(2)));
            path = "/v1/completions";
        } else if (prompt == 1) {
            members.add(member("messages", messages()));
            path = "/v1/chat/completions";
        }
        int others = r.nextInt(4);
        for (int i = 0; i < others; i++) {
            String key = r.nextInt(4) == 0 ? pick("max_tokens", "temperature", "user", "n", "stop") : text();
            members.add(member(key, value(3)));
            if (r.nextInt(6) == 0) {
                members.add(member(key, value(2)));
            }
        }
        Collections.shuffle(members, r);
        return new Body(ws() + object(members) + ws(), path);
    }

    private String streamOptions() {
        int kind = r.nextInt(12);
        if (kind == 0) {
            return "null";
        }
        if (kind == 1) {
            return r.nextBoolean() ? scalarNotString() : (r.nextBoolean() ? string(text()) : array(1));
        }
        List<String> members = new ArrayList<>();
        int usage = r.nextInt(9);
        switch (usage) {
            case 0, 1 -> members.add(member("include_usage", "true"));
            case 2, 3 -> members.add(member("include_usage", "false"));
            case 4 -> members.add(member("include_usage", "null"));
            case 5 -> members.add(member("include_usage", r.nextBoolean() ? "\"true\"" : string(text())));
            case 6 -> members.add(member("include_usage", r.nextBoolean() ? number() : value(2)));
            default -> {
                // absent
            }
        }
        if (usage <= 4 && r.nextInt(5) == 0) {
            members.add(member("include_usage", pick("true", "false", "null")));
        }
        if (r.nextBoolean()) {
            members.add(member("continuous_usage_stats", pick("true", "false")));
        }
        if (r.nextInt(4) == 0) {
            members.add(member(text(), value(2)));
        }
        Collections.shuffle(members, r);
        return object(members);
    }

    private String messages() {
        List<String> items = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            List<String> fields = new ArrayList<>();
            fields.add(member("role", string(pick("user", "system", "assistant"))));
            fields.add(member("content", r.nextInt(4) == 0 ? array(2) : string(text())));
            if (r.nextInt(3) == 0) {
                fields.add(member(text(), value(2)));
            }
            Collections.shuffle(fields, r);
            items.add(object(fields));
        }
        return "[" + ws() + String.join(ws() + "," + ws(), items) + ws() + "]";
    }

    private String value(int depth) {
        int kind = r.nextInt(depth > 0 ? 8 : 6);
        return switch (kind) {
            case 0, 1 -> string(text());
            case 2 -> number();
            case 3 -> pick("true", "false");
            case 4 -> "null";
            case 5 -> string("");
            case 6 -> array(depth - 1);
            default -> {
                List<String> members = new ArrayList<>();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    members.add(member(r.nextInt(5) == 0 ? pick("model", "stream", "stream_options", "include_usage") : text(),
                            value(depth - 1)));
                }
                yield object(members);
            }
        };
    }

    private String array(int depth) {
        List<String> items = new ArrayList<>();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            items.add(value(Math.max(depth, 0)));
        }
        return "[" + ws() + String.join(ws() + "," + ws(), items) + ws() + "]";
    }

    private String object(List<String> members) {
        return "{" + ws() + String.join(ws() + "," + ws(), members) + ws() + "}";
    }

    private String member(String key, String value) {
        return string(key) + ws() + ":" + ws() + value;
    }

    private String scalarNotString() {
        return pick(number(), "true", "false", "null", "{}", "[]");
    }

    private String number() {
        return switch (r.nextInt(7)) {
            case 0 -> "0";
            case 1 -> String.valueOf(r.nextInt(2000) - 1000);
            case 2 -> "-0.5e3";
            case 3 -> r.nextInt(100) + "." + r.nextInt(1000);
            case 4 -> "1E+2";
            case 5 -> "123456789012345678901234567890";
            default -> String.valueOf(r.nextLong());
        };
    }

    /** Random text: ASCII, JSON's specials, controls, accents, CJK, emoji (surrogate pairs). */
    private String text() {
        int n = r.nextInt(8);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(switch (r.nextInt(8)) {
                case 0 -> "\"";
                case 1 -> "\\";
                case 2 -> String.valueOf((char) r.nextInt(0x20));
                case 3 -> "é";
                case 4 -> "日本";
                case 5 -> "😀";
                case 6 -> "/";
                default -> String.valueOf((char) ('a' + r.nextInt(26)));
            });
        }
        return s.toString();
    }

    /** {@code content} as a JSON string literal, each character escaped or not at random (where JSON allows). */
    String string(String content) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            int how = r.nextInt(4);
            if (Character.isHighSurrogate(c) && i + 1 < content.length()) {
                // A pair goes whole: both halves as \\u escapes, or the character as UTF-8.
                char low = content.charAt(++i);
                out.append(how == 0 ? String.format("\\u%04x\\u%04X", (int) c, (int) low) : "" + c + low);
                continue;
            }
            if (c == '"' || c == '\\' || c < 0x20 || how == 0) {
                out.append(how == 1 ? shortEscape(c) : String.format("\\u%04x", (int) c));
            } else if (c == '/' && how == 1) {
                out.append("\\/");
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String shortEscape(char c) {
        return switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\r' -> "\\r";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> String.format("\\u%04X", (int) c);
        };
    }

    private String ws() {
        return switch (r.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\t";
            case 3 -> "\r\n";
            default -> "";
        };
    }

    private String pick(String... choices) {
        return choices[r.nextInt(choices.length)];
    }

    /**
     * The params a parser may name when refusing {@code tree} (a {@link TestJsonTree}) at {@code path}:
     * the fields the router needs or interprets and cannot use as they are. Empty: it must accept it.
     */
    static Set<String> problems(Map<String, Object> tree, String path) {
        Set<String> problems = new LinkedHashSet<>();
        Object model = tree.get("model");
        if (!(model instanceof String m) || m.isBlank()) {
            problems.add("model");
        }
        Object stream = tree.get("stream");
        if (stream != null && !(stream instanceof Boolean) && stream != TestJsonTree.NULL) {
            problems.add("stream");
        }
        if (Boolean.TRUE.equals(stream)) {
            Object options = tree.get("stream_options");
            if (options != null && options != TestJsonTree.NULL && !(options instanceof Map)) {
                problems.add("stream_options");
            }
            Object usage = options instanceof Map<?, ?> o ? o.get("include_usage") : null;
            if (usage != null && !(usage instanceof Boolean) && usage != TestJsonTree.NULL) {
                problems.add("stream_options.include_usage");
            }
        }
        Object messages = tree.get("messages");
        if (messages != null && !(messages instanceof List<?> list && list.stream().allMatch(Map.class::isInstance))) {
            problems.add("messages");
        }
        if (path.equals("/v1/chat/completions") && messages == null) {
            problems.add("messages");
        }
        Object prompt = tree.get("prompt");
        if (prompt != null && !(prompt instanceof String) && !(prompt instanceof List) && prompt != TestJsonTree.NULL) {
            problems.add("prompt");
        }
        if (path.equals("/v1/completions") && (prompt == null || prompt == TestJsonTree.NULL)) {
            problems.add("prompt");
        }
        return problems;
    }
}
