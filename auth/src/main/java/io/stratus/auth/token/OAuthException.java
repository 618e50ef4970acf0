package io.stratus.auth.token;

import java.util.Map;

/** A token endpoint failure, answered with the RFC 6749 error body rather than the conventions' one. */
public class OAuthException extends RuntimeException {
    private final int status;
    private final String error;
    private final Map<String, String> headers;

    public OAuthException(int status, String error, String description) {
        this(status, error, description, Map.of());
    }

    public OAuthException(int status, String error, String description, Map<String, String> headers) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, String> headers() {
        return headers;
    }

    static OAuthException invalidRequest(String description) {
        return new OAuthException(400, "invalid_request", description);
    }

    static OAuthException invalidGrant(String description) {
        return new OAuthException(400, "invalid_grant", description);
    }

    static OAuthException invalidClient() {
        return new OAuthException(401, "invalid_client", "Client authentication failed.",
                Map.of("WWW-Authenticate", "Basic realm=\"stratus\""));
    }
}
