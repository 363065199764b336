package io.llmrouter.bench.overhead;

/** The three ways to the engine whose costs are compared. */
enum Route {
    DIRECT("direct"),
    ROUTER("router"),
    NGINX("nginx");

    final String label;

    Route(String label) {
        this.label = label;
    }
}
