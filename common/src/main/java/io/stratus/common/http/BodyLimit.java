package io.stratus.common.http;

/**
 * A larger body limit for the paths under one prefix. A module that accepts big bodies (analytics ingestion)
 * declares a bean of this type; every other path keeps {@code stratus.http.max-body-size}.
 */
public interface BodyLimit {
    String pathPrefix();

    long maxBytes();
}
