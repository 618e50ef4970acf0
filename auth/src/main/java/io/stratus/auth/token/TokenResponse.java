package io.stratus.auth.token;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 6749 section 5.1; {@code refreshToken} only for the password and refresh grants. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken, String scope) {
}
