package io.llmrouter.bootstrap;

import io.llmrouter.domain.tenancy.ApiKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code bin/router hash-key}: reads one API key from standard input (so it never appears in the
 * shell's history or the process list) and prints the {@code sha256} to put in the config. The
 * line ending {@code echo} or a terminal adds is not part of the key.
 */
final class HashKey {

    private static final int MAX_KEY_BYTES = 4096;

    private HashKey() {
    }

    static int run(InputStream in, PrintStream out, PrintStream err) throws IOException {
        byte[] bytes = in.readNBytes(MAX_KEY_BYTES + 1);
        if (bytes.length > MAX_KEY_BYTES) {
            err.println("error: the key on standard input is longer than " + MAX_KEY_BYTES + " bytes");
            return 2;
        }
        String key = new String(bytes, StandardCharsets.UTF_8);
        if (key.endsWith("\n")) {
            key = key.substring(0, key.length() - 1);
        }
        if (key.endsWith("\r")) {
            key = key.substring(0, key.length() - 1);
        }
        if (key.isEmpty() || key.contains("\n")) {
            err.println("error: give exactly one non-empty key on standard input, e.g."
                    + " printf %s \"$KEY\" | bin/router hash-key");
            return 2;
        }
        if (!key.strip().equals(key)) {
            err.println("warning: the key starts or ends with white space, which is hashed as part of it");
        }
        out.println(ApiKeys.sha256Hex(key));
        return 0;
    }
}
