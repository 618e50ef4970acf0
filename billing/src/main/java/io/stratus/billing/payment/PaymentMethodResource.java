package io.stratus.billing.payment;

import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The account holder's cards on file. */
@Path("/account/payment-methods")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PaymentMethodResource {
    private final PaymentMethodService methods;
    private final Caller caller;

    PaymentMethodResource(PaymentMethodService methods, Caller caller) {
        this.methods = methods;
        this.caller = caller;
    }

    @GET
    public List<PaymentMethodResponse> list() {
        return methods.list(caller.accountId());
    }

    @POST
    @ResponseStatus(201)
    public PaymentMethodResponse add(@Valid @NotNull AddPaymentMethodRequest request) {
        return methods.add(caller.accountId(), request);
    }

    @DELETE
    @Path("/{id}")
    @ResponseStatus(204)
    public void delete(@PathParam("id") String id) {
        UUID parsed;
        try {
            parsed = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Couldn't find that payment method.");
        }
        methods.delete(caller.accountId(), parsed);
    }
}
