package io.stratus.billing.invoice;

import io.quarkus.security.Authenticated;
import io.stratus.common.error.ApiException;
import io.stratus.common.security.Caller;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The account holder's own invoices (Heroku {@code /account/invoices}). */
@Path("/account/invoices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AccountInvoiceResource {
    private final InvoiceService invoices;
    private final Caller caller;

    AccountInvoiceResource(InvoiceService invoices, Caller caller) {
        this.invoices = invoices;
        this.caller = caller;
    }

    @GET
    public List<InvoiceResponse> list() {
        return invoices.list(caller.accountId());
    }

    @GET
    @Path("/{number}")
    public InvoiceResponse get(@PathParam("number") String number) {
        long parsed;
        try {
            parsed = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("Couldn't find that invoice.");
        }
        return invoices.byNumber(caller.accountId(), parsed)
                .orElseThrow(() -> ApiException.notFound("Couldn't find that invoice."));
    }
}
