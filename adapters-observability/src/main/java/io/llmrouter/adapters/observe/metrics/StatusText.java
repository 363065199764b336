package io.llmrouter.adapters.observe.metrics;

/** HTTP statuses as label text without allocating a string per request. */
final class StatusText {

    private static final String[] TEXT = new String[600];

    static {
        for (int i = 0; i < TEXT.length; i++) {
            TEXT[i] = Integer.toString(i);
        }
    }

    private StatusText() {
    }

    static String of(int status) {
        return status >= 0 && status < TEXT.length ? TEXT[status] : "other";
    }
}
