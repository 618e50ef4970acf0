package io.stratus.common.error;

/** The standard error ids of spec/conventions.md, keyed by HTTP status. */
public final class ErrorIds {
    public static final String BAD_REQUEST = "bad_request";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String CONFLICT = "conflict";
    public static final String REQUEST_TOO_LARGE = "request_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String RANGE_NOT_SATISFIABLE = "requested_range_not_satisfiable";
    public static final String INVALID_PARAMS = "invalid_params";
    public static final String RATE_LIMIT = "rate_limit";
    public static final String INTERNAL = "internal_server_error";
    public static final String UNAVAILABLE = "unavailable";

    private ErrorIds() {
    }

    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> REQUEST_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 416 -> RANGE_NOT_SATISFIABLE;
            case 422 -> INVALID_PARAMS;
            case 429 -> RATE_LIMIT;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }

    public static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "The request could not be understood.";
            case 401 -> "Invalid credentials provided.";
            case 403 -> "You do not have access to this resource.";
            case 404 -> "Couldn't find that resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "This resource cannot produce the requested media type.";
            case 409 -> "The request conflicts with the current state.";
            case 413 -> "The request body is too large.";
            case 415 -> "This content type is not supported here.";
            case 416 -> "The Range header is not valid.";
            case 422 -> "The request parameters are not valid.";
            case 429 -> "Too many requests. Retry later.";
            case 503 -> "The service is unavailable. Retry later.";
            default -> status >= 500 ? "Internal server error." : "The request failed.";
        };
    }
}
