package io.stratus.auth.token;

/** The RFC 6749 section 5.2 error body. */
public record OAuthError(String error, String errorDescription) {
}
