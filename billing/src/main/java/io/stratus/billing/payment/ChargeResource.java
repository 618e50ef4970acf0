package io.stratus.billing.payment;

import io.quarkus.security.Authenticated;
import io.stratus.billing.BillingAccess;
import io.stratus.billing.idempotency.IdempotencyStore;
import io.stratus.common.error.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Internal charges, refunds and payment look-ups (service tokens; money moves only with an Idempotency-Key). */
@Path("/internal/billing")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChargeResource {
    private final PaymentService payments;
    private final BillingAccess access;

    ChargeResource(PaymentService payments, BillingAccess access) {
        this.payments = payments;
        this.access = access;
    }

    @POST
    @Path("/charges")
    public Response charge(@HeaderParam(IdempotencyStore.HEADER) String key, @Valid @NotNull ChargeRequest request) {
        access.requireWrite();
        IdempotencyStore.requireKey(key);
        return send(payments.charge(access.keyScope("charges"), key, request));
    }

    @POST
    @Path("/refunds")
    public Response refund(@HeaderParam(IdempotencyStore.HEADER) String key, @Valid @NotNull RefundRequest request) {
        access.requireWrite();
        IdempotencyStore.requireKey(key);
        return send(payments.refund(access.keyScope("refunds"), key, request));
    }

    @GET
    @Path("/payments/{id}")
    public PaymentResponse get(@PathParam("id") String id) {
        access.requireRead();
        return payments.payment(parse(id)).orElseThrow(() -> ApiException.notFound("Couldn't find that payment."));
    }

    @POST
    @Path("/payments/{id}/resolve")
    public PaymentResponse resolve(@PathParam("id") String id) {
        access.requireWrite();
        return payments.resolve(parse(id));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Couldn't find that payment.");
        }
    }

    private static Response send(PaymentService.Reply reply) {
        return Response.status(reply.status()).entity(reply.body()).type(MediaType.APPLICATION_JSON).build();
    }
}
