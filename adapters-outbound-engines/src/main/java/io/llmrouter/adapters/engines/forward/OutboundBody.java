package io.llmrouter.adapters.engines.forward;

import io.llmrouter.domain.inference.ByteSplice;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A request body to send: the client's bytes with the router's splices (model override, usage
 * request) applied while writing, so a 200 KB prompt goes out from the array it was read into
 * instead of being copied around a 20-byte edit first.
 */
record OutboundBody(byte[] source, List<ByteSplice> splices) {

    OutboundBody {
        splices = ByteSplice.ordered(splices, source.length);
    }

    static OutboundBody of(byte[] bytes) {
        return new OutboundBody(bytes, List.of());
    }

    int length() {
        return ByteSplice.splicedLength(source.length, splices);
    }

    void writeTo(OutputStream out) throws IOException {
        int from = 0;
        for (ByteSplice s : splices) {
            out.write(source, from, s.start() - from);
            out.write(s.replacement());
            from = s.end();
        }
        out.write(source, from, source.length - from);
    }

    /** The bytes as one array (the source itself when nothing is spliced). */
    byte[] toBytes() {
        return ByteSplice.apply(source, splices);
    }
}
