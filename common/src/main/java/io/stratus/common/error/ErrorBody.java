package io.stratus.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body of every Stratus HTTP API (spec/conventions.md): a machine id, a human sentence and an
 * optional link.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String id, String message, String url) {

    public ErrorBody(String id, String message) {
        this(id, message, null);
    }
}
