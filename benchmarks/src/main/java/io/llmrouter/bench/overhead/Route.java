package io.llmrouter.bench.overhead;

/**
 * The ways to the engine whose costs are compared: direct, nginx, the bare Helidon proxy (the
 * router's own stack with nothing else, its ceiling), the router with defaults and with its access
 * log off, and the router with tenancy on.
 */
enum Route {
    DIRECT("direct"),
    ROUTER("router"),
    NGINX("nginx"),
    BARE("bare-helidon"),
    ROUTER_QUIET("router-no-access-log"),
    ROUTER_API_KEY("router+api-key"),
    ROUTER_JWT("router+jwt"),
    ROUTER_LOCAL_LIMIT("router+api-key+local-limit"),
    ROUTER_REDIS_LIMIT("router+api-key+redis-limit");

    final String label;

    Route(String label) {
        this.label = label;
    }
}
