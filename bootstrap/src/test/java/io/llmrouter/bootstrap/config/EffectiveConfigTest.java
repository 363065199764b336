package io.llmrouter.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /debug/config} keeps the README's promise: every key of the README's configuration
 * table is there, with its default filled in.
 */
class EffectiveConfigTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern KEY = Pattern.compile("`([a-zA-Z][a-zA-Z0-9.{},]*)`");

    @Test
    void defaults_everyDocumentedKey_isInTheEffectiveConfig() throws IOException {
        Map<String, Object> effective = EffectiveConfig.of(RouterConfigLoader.defaults(),
                RouterConfigLoader.defaults().scheduler());

        List<String> documented = documentedKeys();
        TreeSet<String> missing = new TreeSet<>();
        for (String key : documented) {
            if (!has(effective, key.split("\\."))) {
                missing.add(key);
            }
        }
        assertTrue(documented.size() > 25, "the README's table was read: " + documented);
        assertEquals(new TreeSet<>(), missing, "documented in the README, absent from /debug/config");
    }

    @Test
    void defaults_accessLog_shownWithItsDefaults() {
        Map<String, Object> effective = EffectiveConfig.of(RouterConfigLoader.defaults(),
                RouterConfigLoader.defaults().scheduler());

        assertEquals(Map.of("enabled", true, "format", "text", "output", "stdout", "queueSize", 4096),
                effective.get("accessLog"));
    }

    /**
     * The first column of the README's configuration table, braces expanded
     * ({@code listeners.inference.{host,port}} is two keys). {@code disabled} lists are left out: the
     * effective config shows the plugin lists they produced, already resolved.
     */
    private static List<String> documentedKeys() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Configuration");
        String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
        List<String> keys = new ArrayList<>();
        for (String line : section.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            Matcher m = KEY.matcher(line.substring(0, line.indexOf(" | ", 2)));
            while (m.find()) {
                for (String key : expand(m.group(1))) {
                    if (!key.endsWith(".disabled")) {
                        keys.add(key);
                    }
                }
            }
        }
        return keys;
    }

    private static List<String> expand(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return List.of(key);
        }
        int close = key.indexOf('}', open);
        List<String> out = new ArrayList<>();
        for (String choice : key.substring(open + 1, close).split(",")) {
            out.addAll(expand(key.substring(0, open) + choice + key.substring(close + 1)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static boolean has(Map<String, Object> tree, String[] path) {
        Object node = tree;
        for (String part : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return false;
            }
            node = ((Map<String, Object>) map).get(part);
        }
        return true;
    }
}
