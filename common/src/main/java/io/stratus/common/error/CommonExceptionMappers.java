package io.stratus.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every framework failure into the standard JSON error body, so that no HTML page or stack trace ever
 * reaches a client. Modules map their own exceptions in their own mapper classes; {@link ApiException} is mapped
 * here once.
 */
public class CommonExceptionMappers {
    private static final Logger LOG = Logger.getLogger(CommonExceptionMappers.class);

    public static RestResponse<ErrorBody> error(int status, String id, String message) {
        return builder(status, new ErrorBody(id, message))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static RestResponse.ResponseBuilder<ErrorBody> builder(int status, ErrorBody body) {
        return RestResponse.ResponseBuilder.<ErrorBody>create(status).entity(body);
    }

    public static RestResponse<ErrorBody> error(int status) {
        return error(status, ErrorIds.forStatus(status), ErrorIds.defaultMessage(status));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> api(ApiException e) {
        var builder = builder(e.status(), new ErrorBody(e.id(), e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE);
        e.headers().forEach(builder::header);
        if (e.status() >= 500) {
            LOG.errorf("%d %s: %s (request %s)", e.status(), e.id(), e.getMessage(), MDC.get("requestId"));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> malformedJson(JsonProcessingException e) {
        return error(400, ErrorIds.BAD_REQUEST, "Request body is not valid JSON.");
    }

    // Declared for the subtypes too: quarkus-rest-jackson ships its own mapper for them, and the most specific wins.
    @ServerExceptionMapper
    public RestResponse<ErrorBody> mismatchedJson(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String message = path.isEmpty() ? "Request body has the wrong shape." : "Field '" + path + "' has the wrong type.";
        return error(400, ErrorIds.BAD_REQUEST, message);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalidJsonValue(InvalidFormatException e) {
        return mismatchedJson(e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> invalid(ConstraintViolationException e) {
        String message = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(CommonExceptionMappers::describe)
                .collect(Collectors.joining("; "));
        return error(422, ErrorIds.INVALID_PARAMS, message.isEmpty() ? "Invalid parameters." : message);
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // Method parameter paths read "create.request.name": the last node names the field.
        String field = path.substring(path.lastIndexOf('.') + 1);
        return field + " " + violation.getMessage();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unauthorized(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> authenticationFailed(AuthenticationFailedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> forbidden(ForbiddenException e) {
        return error(403);
    }

    private static RestResponse<ErrorBody> unauthorized() {
        return builder(401, new ErrorBody(ErrorIds.UNAUTHORIZED,
                        ErrorIds.defaultMessage(401)))
                .type(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> webApplication(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            LOG.errorf(e, "%d while serving request %s", status, MDC.get("requestId"));
        }
        var builder = builder(status,
                        new ErrorBody(ErrorIds.forStatus(status), ErrorIds.defaultMessage(status)))
                .type(MediaType.APPLICATION_JSON_TYPE);
        for (String header : new String[] {HttpHeaders.ALLOW, "Retry-After", HttpHeaders.WWW_AUTHENTICATE}) {
            String value = original.getHeaderString(header);
            if (value != null) {
                builder.header(header, value);
            }
        }
        return builder.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public RestResponse<ErrorBody> unexpected(Throwable e) {
        if (DatabaseUnavailable.causedBy(e)) {
            // One line, no stack trace: while PostgreSQL is down every request would log the same one.
            LOG.warnf("503 for request %s: database unavailable (%s)", MDC.get("requestId"), e.toString());
            return builder(503, new ErrorBody(ErrorIds.UNAVAILABLE, "The database is unavailable. Retry later."))
                    .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "1").build();
        }
        LOG.errorf(e, "Unhandled failure while serving request %s", MDC.get("requestId"));
        return error(500);
    }
}
