package io.llmrouter.bootstrap;

/**
 * A listener could not bind its address (in use, or not an address of this host). Carries which
 * listener and where, so the command line can say it in one line with the flag that moves it.
 */
public final class ListenerUnavailableException extends RuntimeException {

    private final String listener;
    private final String address;

    ListenerUnavailableException(String listener, String address, String reason) {
        super("the " + listener + " listener cannot bind " + address + " (" + reason + ")");
        this.listener = listener;
        this.address = address;
    }

    /** {@code inference}, {@code metrics} or {@code admin}; empty when Helidon did not say which. */
    public String listener() {
        return listener;
    }

    public String address() {
        return address;
    }
}
