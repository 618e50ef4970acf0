package io.stratus.common.error;

import java.util.Map;

/**
 * An error a service raises on purpose, mapped to the standard error body with its status. Modules subclass it
 * with names that say what went wrong ({@code AppNotFoundException}); nothing below a resource knows HTTP
 * beyond this status code.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String id;
    private final Map<String, String> headers;

    public ApiException(int status, String id, String message) {
        this(status, id, message, Map.of());
    }

    public ApiException(int status, String id, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.id = id;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String id() {
        return id;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, ErrorIds.NOT_FOUND, message);
    }

    public static ApiException invalid(String message) {
        return new ApiException(422, ErrorIds.INVALID_PARAMS, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, ErrorIds.BAD_REQUEST, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, ErrorIds.FORBIDDEN, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, ErrorIds.CONFLICT, message);
    }

    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, ErrorIds.UNAVAILABLE, message,
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }
}
