package io.llmrouter.sim.kvevents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Expected values from Python: {@code hashlib.sha256(cbor2.dumps(x, canonical=True))}, as vLLM's sha256_cbor. */
class VllmBlockHashTest {

    @Test
    void matchesPythonSha256Cbor() {
        byte[] none = VllmBlockHash.noneHash(VllmBlockHash.DEFAULT_SEED);
        assertEquals("9bd96a485ad84efdafb72ee48a1d7a69bcead0f8f0433173941b276b9581eef0", HexFormat.of().formatHex(none));
        int[] first = new int[16];
        for (int i = 0; i < 16; i++) {
            first[i] = 100 + i;
        }
        byte[] b0 = VllmBlockHash.block(none, first, 0, 16, null);
        assertEquals("c78a554a1b648c084577886fa29e20b89d606beb26cafd7f90ba7482f31901bc", HexFormat.of().formatHex(b0));
        // every CBOR integer width, and a LoRA extra key
        int[] second = {151644, 70000, 5, 300, 65535, 65536, 0, 23, 24, 255, 256, 1, 1, 1, 1, 1};
        byte[] b1 = VllmBlockHash.block(b0, second, 0, 16, new String[] {"sql-lora"});
        assertEquals("a55210568a19b246d19ebeaeea610bbb08babbd5691892ed3c3112d99f22b1bc", HexFormat.of().formatHex(b1));
        assertEquals("10428775992902877628", Long.toUnsignedString(VllmBlockHash.asInt(b0)));
    }
}
