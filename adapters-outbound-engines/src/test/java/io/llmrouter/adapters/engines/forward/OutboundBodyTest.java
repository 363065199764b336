package io.llmrouter.adapters.engines.forward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.domain.inference.ByteSplice;
import io.llmrouter.testkit.Gen;
import io.llmrouter.testkit.Property;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splicing while writing sends exactly the bytes splicing by copying gives, with the length declared first. */
class OutboundBodyTest {

    private record Case(byte[] source, List<ByteSplice> splices) {
    }

    private static final Gen<Case> CASES = r -> {
        byte[] source = new byte[r.nextInt(64)];
        r.nextBytes(source);
        List<ByteSplice> splices = new ArrayList<>();
        int at = 0;
        int n = r.nextInt(4);
        for (int i = 0; i < n && at <= source.length; i++) {
            int start = at + r.nextInt(source.length - at + 1);
            int end = start + r.nextInt(source.length - start + 1);
            byte[] replacement = new byte[r.nextInt(8)];
            r.nextBytes(replacement);
            splices.add(new ByteSplice(start, end, replacement));
            at = end;
        }
        return new Case(source, splices);
    };

    @Test
    void writeTo_isWhatApplyingTheSplicesGives() {
        Property.check("spliced while written", 500, CASES, c -> {
            OutboundBody body = new OutboundBody(c.source(), c.splices());
            byte[] expected = ByteSplice.apply(c.source(), c.splices());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                body.writeTo(out);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertArrayEquals(expected, out.toByteArray());
            assertEquals(expected.length, body.length());
            assertArrayEquals(expected, body.toBytes());
        });
    }
}
