package io.llmrouter.domain.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardResultTest {

    @Test
    void heldServerError_dropsTheEnginesFraming_keepsEverythingElse() {
        ForwardResult.ServerError error = new ForwardResult.ServerError(500, List.of(
                new Header("Content-Type", "application/json"), new Header("Content-Length", "100000"),
                new Header("transfer-encoding", "chunked"), new Header("Set-Cookie", "a=1"),
                new Header("Set-Cookie", "b=2")), new byte[65536]);
        assertEquals(List.of(new Header("Content-Type", "application/json"), new Header("Set-Cookie", "a=1"),
                new Header("Set-Cookie", "b=2")), error.headers());
    }
}
