package io.llmrouter.adapters.engines.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.helidon.common.buffers.DataReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Failure text that reaches clients and logs says what happened, never which Java class was thrown. */
class FailureTextTest {

    @Test
    void describe_cutStream_saysTheEngineClosedTheConnection() {
        assertEquals("the engine closed the connection before the answer was complete",
                FailureText.describe(new DataReader.InsufficientDataAvailableException()));
        assertEquals("the engine closed the connection before the answer was complete",
                FailureText.describe(new UncheckedIOException(new EOFException())));
    }

    @Test
    void describe_commonNetworkFailures_inWords() {
        assertEquals("the connection was refused",
                FailureText.describe(new UncheckedIOException(new ConnectException("Connection refused"))));
        assertEquals("the engine reset the connection",
                FailureText.describe(new UncheckedIOException(new SocketException("Connection reset by peer"))));
        assertEquals("reading from the engine timed out",
                FailureText.describe(new UncheckedIOException(new SocketTimeoutException("Read timed out"))));
        assertEquals("connecting timed out",
                FailureText.describe(new UncheckedIOException(new SocketTimeoutException("Connect timed out"))));
        assertEquals("unknown host engine-0.local",
                FailureText.describe(new UncheckedIOException(new UnknownHostException("engine-0.local"))));
    }

    @Test
    void describe_anyFailure_namesNoJavaClass() {
        List<Throwable> failures = List.of(new DataReader.InsufficientDataAvailableException(),
                new IllegalStateException(), new RuntimeException(new IOException()),
                new UncheckedIOException(new ClosedChannelException()), new NoRouteToHostException(),
                new UncheckedIOException(new SocketException()), new SSLHandshakeException("bad certificate"),
                new UncheckedIOException(new EOFException()), new RuntimeException("engine said no"));
        for (Throwable failure : failures) {
            String text = FailureText.describe(failure);
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertFalse(text.contains(t.getClass().getSimpleName()), text);
                assertFalse(text.contains("Exception"), text);
            }
            assertFalse(text.isBlank(), failure.toString());
        }
        assertEquals("engine said no", FailureText.describe(new RuntimeException("engine said no")));
    }
}
