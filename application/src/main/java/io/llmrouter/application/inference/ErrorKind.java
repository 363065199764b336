package io.llmrouter.application.inference;

/**
 * Every way the router itself refuses or fails a request. The inbound adapter maps each kind to an
 * HTTP status and an OpenAI error envelope in one place.
 */
public enum ErrorKind {
    /** Not JSON, not an object, or a required field missing or of the wrong type. */
    INVALID_REQUEST,
    /** No route serves the requested model or LoRA adapter. */
    MODEL_NOT_FOUND,
    /** Routes serve the model, but no rule matched this request. */
    NO_MATCHING_RULE,
    /** The matched route names a ModelServer that does not exist. */
    MODEL_SERVER_NOT_FOUND,
    /** The target is of a kind this router does not serve yet (external model providers). */
    NOT_IMPLEMENTED,
    /** The ModelServer has no ready pod, or the scheduler filtered every pod out. */
    NO_READY_POD,
    /** Every tried pod refused the connection or answered 5xx. */
    UPSTREAM_UNAVAILABLE,
    /** The engine sent no response headers within the timeout. */
    UPSTREAM_TIMEOUT,
    /** The body exceeds the configured limit. */
    PAYLOAD_TOO_LARGE,
    /** The body is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE,
    /** The path is not one the router forwards (outside {@code /v1/}, dot segments, encoded slashes). */
    PATH_NOT_FOUND,
    /** The router is serving as many requests as it is allowed to ({@code limits.maxConcurrentRequests}). */
    OVERLOADED,
    /** The router is shutting down and ended the request (its drain timeout passed). */
    SHUTTING_DOWN,
    /** No credential, or one the router does not accept (401). */
    UNAUTHENTICATED,
    /** The credential may not use the requested model (403). */
    MODEL_NOT_ALLOWED,
    /** The input token limit of the route or the tenant is spent (429). */
    INPUT_RATE_LIMITED,
    /** The output token limit of the route or the tenant is spent (429). */
    OUTPUT_RATE_LIMITED,
    /** The tenant's request limit is spent (429). */
    REQUEST_RATE_LIMITED,
    /** The model's fairness queue holds as many requests or bytes as it may (429 with Retry-After). */
    FAIRNESS_QUEUE_FULL,
    /** The request waited in the fairness queue for {@code fairness.queueTimeout} (504, as Kthena). */
    FAIRNESS_QUEUE_TIMEOUT,
    /** A bug in the router: an unexpected exception on the request path. */
    INTERNAL
}
