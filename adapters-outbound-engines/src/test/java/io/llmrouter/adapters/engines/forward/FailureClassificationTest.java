package io.llmrouter.adapters.engines.forward;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.inference.RequestBody;
import io.llmrouter.domain.inference.UpstreamCall;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureClassificationTest {

    private static final UpstreamCall CALL = new UpstreamCall("127.0.0.1", 8000,
            new InferenceRequest("id", "/v1/completions", "m", false, List.of(), new RequestBody(new byte[2], 0, 0),
                    PromptText.empty(), false),
            Optional.empty(), Optional.empty());

    @Test
    void failedBeforeResponse_readTimeout_isATimeoutNotRetried() {
        UncheckedIOException e = new UncheckedIOException(new SocketTimeoutException("Read timed out"));
        assertInstanceOf(ForwardResult.TimedOut.class, HelidonEngineGateway.failedBeforeResponse(CALL, e));
    }

    @Test
    void failedBeforeResponse_connectTimeout_isAConnectFailureSoAnotherPodIsTried() {
        // The JDK's own message for a connect that ran out of time (Socket.connect with a timeout).
        UncheckedIOException e = new UncheckedIOException(new SocketTimeoutException("Connect timed out"));
        assertInstanceOf(ForwardResult.ConnectFailed.class, HelidonEngineGateway.failedBeforeResponse(CALL, e));
    }

    @Test
    void failedBeforeResponse_realReadTimeoutFromASocket_isATimeout() throws Exception {
        // A listener that accepts and never answers: the JDK throws its genuine read-timeout exception.
        try (ServerSocket server = new ServerSocket(0); Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            client.setSoTimeout(50);
            SocketTimeoutException timeout = org.junit.jupiter.api.Assertions.assertThrows(SocketTimeoutException.class,
                    () -> client.getInputStream().read());
            assertInstanceOf(ForwardResult.TimedOut.class,
                    HelidonEngineGateway.failedBeforeResponse(CALL, new UncheckedIOException(timeout)));
        }
    }

    @Test
    void failedBeforeResponse_refused_isAConnectFailure() {
        UncheckedIOException e = new UncheckedIOException(new ConnectException("Connection refused"));
        assertInstanceOf(ForwardResult.ConnectFailed.class, HelidonEngineGateway.failedBeforeResponse(CALL, e));
    }
}
