package io.llmrouter.domain.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/v1/%2e%2e/flush_cache", "/v1/%2e%2e/generate", "/v1/%2E%2E%2Fgenerate",
        "/v1/%2e%2e/tokenize", "/v1/../flush_cache", "/v1/./completions", "/v1/..%2fgenerate", "/v1/%2e./generate",
        "/v1/chat/..%5cgenerate", "/v1/chat\\..\\generate", "/v1/%252e%252e/generate", "/v1//completions",
        "/v1/completions/", "/v1/", "/v2/completions", "/flush_cache", "/v1%2fcompletions", "/v1/com%zzpletions",
        "/v1/completions%", "/v1/completions%2", "/v1/compl%00etions", "/v1/compl%C3%A9tions", "/v1/completions;x=1",
        "/v1/a b", "", "v1/completions"})
    void refused(String raw) {
        assertEquals(Optional.empty(), ApiPath.canonical(raw), raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/completions", "/v1/chat/completions", "/v1/embeddings", "/v1/audio/transcriptions",
        "/v1/models/org~name@v1.5:latest", "/v1/a.b/..c/c..", "/v1/..."})
    void accepted_asIs(String raw) {
        assertEquals(Optional.of(raw), ApiPath.canonical(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/%63ompletions", "/v1/chat/%63%6F%6D%70letions"})
    void accepted_decoded(String raw) {
        assertTrue(ApiPath.canonical(raw).orElseThrow().matches("/v1/[a-z/]+"));
    }

    @Test
    void anAcceptedPath_readsTheSameToEveryHop() {
        Property.check("ApiPath accepted path", 2000, paths(), ApiPathTest::readsTheSameToEveryHop);
    }

    private static void readsTheSameToEveryHop(String raw) {
        Optional<String> canonical = ApiPath.canonical(raw);
        if (canonical.isEmpty()) {
            return;
        }
        String path = canonical.get();
        assertTrue(path.startsWith("/v1/"), path);
        assertTrue(ApiPath.isCanonical(path), path);
        // A hop that decodes again, or normalises dot segments, must see exactly the same path.
        assertEquals(path, decodeFully(raw), raw);
        assertEquals(path, URI.create("http://engine" + path).normalize().getPath(), raw);
        assertFalse(path.contains("\\") || path.contains("%") || path.contains("//"), path);
        assertEquals(canonical, ApiPath.canonical(path), "canonical form is a fixed point");
    }

    @Test
    void isCanonical_agreesWithCanonical() {
        Property.check("ApiPath isCanonical", 1000, paths(),
                raw -> assertEquals(ApiPath.isCanonical(raw), ApiPath.canonical(raw).equals(Optional.of(raw)), raw));
    }

    @Test
    void query_validOnlyWithQueryCharactersAndWholeEscapes() {
        Property.check("ApiPath query", 500, queries(), query -> {
            boolean valid = ApiPath.isForwardableQuery(query);
            boolean expected = query.matches("([A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*");
            assertEquals(expected, valid, query);
        });
    }

    private static Gen<String> paths() {
        List<String> pieces = List.of("/", "v1", "v2", "..", ".", "%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "\\", "%25",
                "%252e", "%", "%z", "%zz", "%00", "%C3%A9", "completions", "chat", "flush_cache", "generate", "a", "~",
                ";", "%63", " ", "?", "#");
        Gen<String> tail = Gen.joined(pieces, 0, 8);
        return Gen.oneOf(tail.map(t -> "/v1/" + t), tail.map(t -> "/" + t), tail);
    }

    private static Gen<String> queries() {
        return Gen.joined(List.of("a", "=", "&", "%2", "%20", "%zz", " ", "#", "\"", "<", "api-version", "1", "?",
                "/", "é", "%", "+"), 0, 6);
    }

    /** Percent-decodes until nothing changes, as a chain of careless hops would. */
    private static String decodeFully(String raw) {
        String current = raw;
        for (int i = 0; i < 5; i++) {
            StringBuilder out = new StringBuilder();
            for (int j = 0; j < current.length(); j++) {
                char c = current.charAt(j);
                if (c == '%' && j + 2 < current.length() && Character.digit(current.charAt(j + 1), 16) >= 0
                        && Character.digit(current.charAt(j + 2), 16) >= 0) {
                    out.append((char) Integer.parseInt(current.substring(j + 1, j + 3), 16));
                    j += 2;
                } else {
                    out.append(c);
                }
            }
            if (out.toString().equals(current)) {
                return current;
            }
            current = out.toString();
        }
        return current;
    }
}
