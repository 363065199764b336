package io.llmrouter.bench.load;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes flat JSON objects of numbers and strings (the benchmark's result lines); no library needed for that. */
public final class Json {

    private Json() {
    }

    public static String object(Map<String, ?> fields) {
        return fields.entrySet().stream()
                .map(e -> JsonScan.quote(e.getKey()) + ":" + value(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String value(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> nested = (Map<String, ?>) map;
            return object(nested);
        }
        return JsonScan.quote(String.valueOf(value));
    }
}
