package io.llmrouter.adapters.engines.forward;

import static io.llmrouter.adapters.engines.forward.HelidonEngineGateway.NOT_SENDING;
import static io.llmrouter.adapters.engines.forward.HelidonEngineGateway.failedBeforeResponse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.helidon.common.buffers.DataReader;
import io.llmrouter.domain.inference.ForwardResult;
import io.llmrouter.domain.inference.InferenceRequest;
import io.llmrouter.domain.inference.PromptText;
import io.llmrouter.domain.inference.RequestBody;
import io.llmrouter.domain.inference.UpstreamCall;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Failures before the response headers: classified by phase and by how long the request really waited. */
class FailureClassificationTest {

    private static final UpstreamCall CALL = new UpstreamCall("127.0.0.1", 8000,
            new InferenceRequest("id", "/v1/completions", "m", false, List.of(), new RequestBody(new byte[2], 0, 0),
                    PromptText.empty(), false),
            Optional.empty(), Optional.empty());
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long WAITED_IT_OUT = TIMEOUT.toNanos() + 1_000_000;

    @Test
    void readTimeoutAfterTheWholeHeaderTimeout_isATimeout() {
        UncheckedIOException e = new UncheckedIOException(new SocketTimeoutException("Read timed out"));
        assertInstanceOf(ForwardResult.TimedOut.class, failedBeforeResponse(CALL, e, WAITED_IT_OUT, TIMEOUT));
    }

    @Test
    void headerTimeoutWithSubMillisecondPart_theSocketsWholeMillisecondsCount() {
        UncheckedIOException e = new UncheckedIOException(new SocketTimeoutException("Read timed out"));
        assertInstanceOf(ForwardResult.TimedOut.class, failedBeforeResponse(CALL, e,
                Duration.ofMillis(200).toNanos(), Duration.ofMillis(200).plusNanos(500_000)));
    }

    /** The false 504 after a hot reload: the pooled connection's idle watch timed out 66 ms into a 30 s wait. */
    @Test
    void socketTimeoutLongBeforeTheHeaderTimeout_isAFailedConnectionSoRetried() {
        RuntimeException e = new RuntimeException("Exception in socket monitor thread.", new ExecutionException(
                new UncheckedIOException(new SocketTimeoutException("Read timed out"))));
        assertInstanceOf(ForwardResult.ConnectFailed.class,
                failedBeforeResponse(CALL, e, Duration.ofMillis(66).toNanos(), TIMEOUT));
    }

    @Test
    void connectTimeout_isAConnectFailureSoAnotherPodIsTried_whateverTheHeaderTimeout() {
        UncheckedIOException e = new UncheckedIOException(new SocketTimeoutException("Connect timed out"));
        assertInstanceOf(ForwardResult.ConnectFailed.class, failedBeforeResponse(CALL, e, NOT_SENDING, TIMEOUT));
        assertInstanceOf(ForwardResult.ConnectFailed.class,
                failedBeforeResponse(CALL, e, NOT_SENDING, Duration.ofMillis(1)));
    }

    @Test
    void refused_isAConnectFailure() {
        UncheckedIOException e = new UncheckedIOException(new ConnectException("Connection refused"));
        assertInstanceOf(ForwardResult.ConnectFailed.class, failedBeforeResponse(CALL, e, NOT_SENDING, TIMEOUT));
    }

    @Test
    void eofOrResetBeforeAnyResponseByte_onAConnection_isRetried() {
        assertInstanceOf(ForwardResult.ConnectFailed.class, failedBeforeResponse(CALL,
                new DataReader.InsufficientDataAvailableException(), 1_000_000, TIMEOUT));
        assertInstanceOf(ForwardResult.ConnectFailed.class, failedBeforeResponse(CALL,
                new UncheckedIOException(new SocketException("Connection reset by peer")), 1_000_000, TIMEOUT));
        assertInstanceOf(ForwardResult.ConnectFailed.class, failedBeforeResponse(CALL,
                new UncheckedIOException(new SocketException("Broken pipe")), WAITED_IT_OUT, TIMEOUT));
    }
}
