package io.stratus.billing.payment;

import io.quarkus.security.Authenticated;
import io.stratus.billing.idempotency.IdempotencyStore;
import io.stratus.billing.invoice.InvoiceResponse;
import io.stratus.billing.invoice.InvoiceService;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The account holder pays an open invoice from the dashboard (issue 10): the same idempotent charge as
 * {@code POST /internal/billing/charges}, for the invoice's total, with the caller's own account and card.
 */
@Path("/account/invoices/{number}/payments")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InvoicePaymentResource {
    private final PaymentService payments;
    private final InvoiceService invoices;
    private final Caller caller;

    InvoicePaymentResource(PaymentService payments, InvoiceService invoices, Caller caller) {
        this.payments = payments;
        this.invoices = invoices;
        this.caller = caller;
    }

    @POST
    public Response pay(@PathParam("number") String number, @HeaderParam(IdempotencyStore.HEADER) String key,
                        PayInvoiceRequest request) {
        IdempotencyStore.requireKey(key);
        long parsed;
        try {
            parsed = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("Couldn't find that invoice.");
        }
        InvoiceResponse invoice = invoices.byNumber(caller.accountId(), parsed)
                .orElseThrow(() -> ApiException.notFound("Couldn't find that invoice."));
        ChargeRequest charge = new ChargeRequest(caller.accountId(), invoice.id(), invoice.total(), invoice.currency(),
                request == null ? null : request.paymentMethodId());
        // Keys are scoped to the account holder, apart from the service clients' keys of the internal endpoint.
        PaymentService.Reply reply = payments.charge("account:" + caller.accountId() + ":invoice-payments", key,
                charge);
        return Response.status(reply.status()).entity(reply.body()).type(MediaType.APPLICATION_JSON).build();
    }
}
