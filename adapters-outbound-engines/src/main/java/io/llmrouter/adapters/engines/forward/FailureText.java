package io.llmrouter.adapters.engines.forward;

import io.helidon.common.buffers.DataReader;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * What a network failure means, in words, for text that leaves the process: the error event of a
 * cut stream, a 502's message, the access log, a pod's {@code scrape.lastError}. Never a Java class
 * name ({@code InsufficientDataAvailableException} tells an operator nothing); the exception itself
 * stays in the debug log for whoever needs the stack.
 */
public final class FailureText {

    private FailureText() {
    }

    /** The cause chain's most telling failure, as a short lower-case phrase. */
    public static String describe(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String known = known(t);
            if (known != null) {
                return known;
            }
            root = t;
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? "the connection failed for an unknown reason" : message.strip();
    }

    private static String known(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (t instanceof DataReader.InsufficientDataAvailableException || t instanceof EOFException) {
            return "the engine closed the connection before the answer was complete";
        }
        if (t instanceof ConnectException) {
            return lower.contains("timed out") ? "connecting timed out" : "the connection was refused";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host" + (message.isBlank() ? "" : " " + message);
        }
        if (t instanceof NoRouteToHostException) {
            return "no route to the host";
        }
        if (t instanceof PortUnreachableException) {
            return "the port is unreachable";
        }
        if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                || t instanceof java.net.http.HttpTimeoutException) {
            return lower.contains("connect") ? "connecting timed out" : "reading from the engine timed out";
        }
        if (t instanceof ClosedChannelException) {
            return "the connection was closed";
        }
        if (t instanceof SSLException) {
            return "the TLS handshake or session failed" + (message.isBlank() ? "" : ": " + message);
        }
        if (t instanceof SocketException) {
            if (lower.contains("reset")) {
                return "the engine reset the connection";
            }
            if (lower.contains("broken pipe")) {
                return "the engine closed the connection while the request was being sent";
            }
            if (lower.contains("closed")) {
                return "the connection was closed";
            }
            return message.isBlank() ? "the connection failed" : "the connection failed: " + message;
        }
        if (t instanceof InterruptedIOException) {
            return "the read was interrupted";
        }
        return null;
    }
}
