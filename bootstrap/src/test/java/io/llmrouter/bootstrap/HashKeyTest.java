package io.llmrouter.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.domain.tenancy.ApiKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashKeyTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin) throws Exception {
        return HashKey.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true),
                new PrintStream(err, true));
    }

    @Test
    void printsTheSha256OfTheKeyWithoutTheLineEndingEchoAdds() throws Exception {
        assertEquals(0, run("sk-acme-1\n"));
        assertEquals(ApiKeys.sha256Hex("sk-acme-1") + "\n", out.toString());
        // What `printf %s sk-acme-1 | sha256sum` prints: the hash of the key's bytes.
        assertEquals("819685611e044dc4918e558945f580790befd0786cc2fb36e3417477ed704a3d", out.toString().trim());
        out.reset();
        assertEquals(0, run("sk-acme-1\r\n"));
        assertEquals(ApiKeys.sha256Hex("sk-acme-1") + "\n", out.toString());
    }

    @Test
    void refusesNothingOrSeveralLines() throws Exception {
        assertEquals(2, run(""));
        assertEquals(2, run("a\nb\n"));
        assertTrue(err.toString().contains("exactly one non-empty key"));
    }
}
