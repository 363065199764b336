package io.llmrouter.application.observe;

import io.llmrouter.application.inference.ErrorKind;

/**
 * How a request finished, in Kthena's {@code error_type} vocabulary (the label of
 * {@code kthena_router_requests_total} and the access log's {@code error.type}), plus
 * {@code client_disconnected}, {@code not_implemented}, {@code overloaded}, {@code shutting_down},
 * {@code unauthenticated}, {@code permission_denied} and
 * {@code internal_error}, which Kthena has
 * no word for.
 */
public enum ErrorType {
    SUCCESSFUL_REQUEST("successful_request"),
    /** The engine answered, with a non-2xx status. */
    REQUEST_FAILED("request_failed"),
    /** The body was not an acceptable request (bad JSON, missing fields, too large, wrong type). */
    PROMPT_PARSING("prompt_parsing"),
    ROUTE_NOT_FOUND("route_not_found"),
    /** The route's ModelServer is missing or has no ready pod. */
    POD_DISCOVERY("pod_discovery"),
    /** The scheduler filtered every pod out. */
    SCHEDULING("scheduling"),
    /** No engine could be reached, none answered in time, or its stream broke. */
    PROXY("proxy"),
    CLIENT_DISCONNECTED("client_disconnected"),
    NOT_IMPLEMENTED("not_implemented"),
    /** Refused at the door: the router was at its bound of concurrent requests. */
    OVERLOADED("overloaded"),
    /** Ended by the router's shutdown after its drain timeout. */
    SHUTTING_DOWN("shutting_down"),
    /** Kthena's access-log types for rate-limit refusals. */
    INPUT_RATE_LIMIT("input_rate_limit"),
    OUTPUT_RATE_LIMIT("output_rate_limit"),
    RATE_LIMIT("rate_limit"),
    /** No credential, or a refused one. */
    UNAUTHENTICATED("unauthenticated"),
    /** The credential may not use the model. */
    PERMISSION_DENIED("permission_denied"),
    /** Refused or timed out in the fairness queue. */
    FAIRNESS_QUEUE_FULL("fairness_queue_full"),
    FAIRNESS_QUEUE_TIMEOUT("fairness_queue_timeout"),
    /** A bug in the router: an exception escaped the request path. */
    INTERNAL("internal_error");

    private final String label;

    ErrorType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The type of a refusal by the router itself. */
    public static ErrorType of(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> PROMPT_PARSING;
            case MODEL_NOT_FOUND, NO_MATCHING_RULE, PATH_NOT_FOUND -> ROUTE_NOT_FOUND;
            case MODEL_SERVER_NOT_FOUND, NO_READY_POD -> POD_DISCOVERY;
            case UPSTREAM_UNAVAILABLE, UPSTREAM_TIMEOUT -> PROXY;
            case NOT_IMPLEMENTED -> NOT_IMPLEMENTED;
            case OVERLOADED -> OVERLOADED;
            case SHUTTING_DOWN -> SHUTTING_DOWN;
            case INPUT_RATE_LIMITED -> INPUT_RATE_LIMIT;
            case OUTPUT_RATE_LIMITED -> OUTPUT_RATE_LIMIT;
            case REQUEST_RATE_LIMITED -> RATE_LIMIT;
            case UNAUTHENTICATED -> UNAUTHENTICATED;
            case MODEL_NOT_ALLOWED -> PERMISSION_DENIED;
            case FAIRNESS_QUEUE_FULL -> FAIRNESS_QUEUE_FULL;
            case FAIRNESS_QUEUE_TIMEOUT -> FAIRNESS_QUEUE_TIMEOUT;
            case INTERNAL -> INTERNAL;
        };
    }
}
