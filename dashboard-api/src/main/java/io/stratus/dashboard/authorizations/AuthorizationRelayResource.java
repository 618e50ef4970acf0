package io.stratus.dashboard.authorizations;

import io.stratus.common.error.ErrorBody;
import io.stratus.common.error.ErrorIds;
import io.stratus.common.http.RequestIds;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * The Heroku CLI calls {@code /oauth/authorizations} on the API host; auth owns API keys, so app relays the path:
 * method, body and status unchanged, with the headers that matter. auth authenticates the caller; app does not,
 * so this relay works with any token auth accepts. Non-blocking: the JDK client's future completes the request.
 */
@Path("/oauth/authorizations")
@Produces(MediaType.APPLICATION_JSON)
public class AuthorizationRelayResource {
    private static final Logger LOG = Logger.getLogger(AuthorizationRelayResource.class);
    private static final String[] REQUEST_HEADERS = {HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE};
    private static final String[] RESPONSE_HEADERS = {HttpHeaders.WWW_AUTHENTICATE, "Retry-After", "Cache-Control"};

    private final AuthorizationRelayConfig config;
    private final HttpClient http;

    AuthorizationRelayResource(AuthorizationRelayConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    @GET
    public CompletionStage<Response> list(@Context HttpHeaders headers, @Context RoutingContext rc) {
        return relay("GET", "", null, headers, rc);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> create(byte[] body, @Context HttpHeaders headers, @Context RoutingContext rc) {
        return relay("POST", "", body, headers, rc);
    }

    @GET
    @Path("/{id}")
    public CompletionStage<Response> get(@PathParam("id") String id, @Context HttpHeaders headers,
            @Context RoutingContext rc) {
        return relay("GET", "/" + encode(id), null, headers, rc);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> update(@PathParam("id") String id, byte[] body, @Context HttpHeaders headers,
            @Context RoutingContext rc) {
        return relay("PATCH", "/" + encode(id), body, headers, rc);
    }

    @DELETE
    @Path("/{id}")
    public CompletionStage<Response> delete(@PathParam("id") String id, @Context HttpHeaders headers,
            @Context RoutingContext rc) {
        return relay("DELETE", "/" + encode(id), null, headers, rc);
    }

    private CompletionStage<Response> relay(String method, String suffix, byte[] body, HttpHeaders headers,
            RoutingContext rc) {
        URI uri = URI.create(config.authUrl() + "/oauth/authorizations" + suffix);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.authTimeout())
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON)
                .method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : REQUEST_HEADERS) {
            String value = headers.getHeaderString(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        String requestId = RequestIds.current(rc);
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(AuthorizationRelayResource::toResponse)
                .exceptionally(e -> {
                    LOG.warnf("auth unreachable at %s: %s (request %s)", uri, e.toString(), requestId);
                    return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "5")
                            .entity(new ErrorBody(ErrorIds.UNAVAILABLE,
                                    "The token service is unavailable. Retry later."))
                            .build();
                });
    }

    private static Response toResponse(HttpResponse<byte[]> answer) {
        Response.ResponseBuilder response = Response.status(answer.statusCode());
        byte[] body = answer.body();
        if (body != null && body.length > 0) {
            response.entity(body);
        }
        response.type(answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(MediaType.APPLICATION_JSON));
        for (String name : RESPONSE_HEADERS) {
            answer.headers().firstValue(name).ifPresent(value -> response.header(name, value));
        }
        return response.build();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
