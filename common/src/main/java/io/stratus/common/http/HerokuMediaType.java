package io.stratus.common.http;

import io.stratus.common.error.ErrorBody;
import io.stratus.common.error.ErrorIds;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves {@code application/vnd.heroku+json; version=3} (and {@code version=3.<variant>}) like
 * {@code application/json} on every endpoint: the Heroku CLI sends it on each request, and Quarkus REST would
 * answer 406. Other versions get 406 {@code not_acceptable} (spec/platform-api.md §1).
 */
@Provider
@PreMatching
public class HerokuMediaType implements ContainerRequestFilter {
    static final String VENDOR_TYPE = "application/vnd.heroku+json";

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && accept.toLowerCase().contains(VENDOR_TYPE)) {
            List<String> rewritten = new ArrayList<>();
            for (String part : accept.split(",")) {
                String trimmed = part.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (!trimmed.toLowerCase().startsWith(VENDOR_TYPE)) {
                    rewritten.add(trimmed);
                    continue;
                }
                String version = versionOf(trimmed);
                if (version == null || version.equals("3") || version.startsWith("3.")) {
                    rewritten.add(MediaType.APPLICATION_JSON);
                }
            }
            if (rewritten.isEmpty()) {
                request.abortWith(Response.status(406)
                        .entity(new ErrorBody(ErrorIds.NOT_ACCEPTABLE, "Only version 3 of the API is served."))
                        .type(MediaType.APPLICATION_JSON_TYPE).build());
                return;
            }
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, String.join(", ", rewritten));
        }
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.toLowerCase().startsWith(VENDOR_TYPE)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }

    private static String versionOf(String mediaRange) {
        for (String param : mediaRange.split(";")) {
            String p = param.trim();
            if (p.toLowerCase().startsWith("version=")) {
                return p.substring("version=".length()).trim().replace("\"", "");
            }
        }
        return null;
    }
}
