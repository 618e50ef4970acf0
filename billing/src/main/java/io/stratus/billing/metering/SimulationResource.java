package io.stratus.billing.metering;

import io.quarkus.security.Authenticated;
import io.stratus.billing.BillingAccess;
import io.stratus.billing.calculator.CalculatedInvoice;
import io.stratus.billing.calculator.CreditLot;
import io.stratus.billing.calculator.InvoiceCalculator;
import io.stratus.billing.calculator.PriceList;
import io.stratus.billing.calculator.UsageEvent;
import io.stratus.billing.price.PriceService;
import io.stratus.common.error.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the rules give for one account's events, month by month, without writing anything: support uses it to
 * explain an invoice, and it runs the very calculator the invoice run does.
 */
@Path("/internal/billing/simulations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SimulationResource {
    private static final int MAX_MONTHS = 120;

    private final PriceService prices;
    private final BillingAccess access;

    SimulationResource(PriceService prices, BillingAccess access) {
        this.prices = prices;
        this.access = access;
    }

    @POST
    public List<SimulatedInvoice> simulate(@Valid @NotNull SimulateRequest request) {
        access.requireRead();
        UsageEvents.validate(request.events(), false);
        PriceList priceList = prices.current();
        UsageService.checkPrices(request.events(), priceList);
        YearMonth last = YearMonth.parse(request.period());
        Instant first = request.events().stream().map(UsageEventRequest::at).min(Comparator.naturalOrder())
                .orElseThrow();
        YearMonth month = YearMonth.from(first.atOffset(ZoneOffset.UTC));
        if (last.isBefore(month)) {
            throw ApiException.invalid("period must not be before the month of the first event (" + month + ").");
        }
        if (month.plusMonths(MAX_MONTHS).isBefore(last)) {
            throw ApiException.invalid("A simulation spans at most " + MAX_MONTHS + " months.");
        }
        List<UsageEvent> events = new ArrayList<>();
        List<CreditLot> lots = new ArrayList<>();
        for (UsageEventRequest e : request.events()) {
            if (e.type().equals("credit")) {
                lots.add(UsageEvents.toLot(e));
            } else {
                events.add(UsageEvents.toEvent(e));
            }
        }
        InvoiceCalculator calculator = new InvoiceCalculator(priceList);
        List<SimulatedInvoice> invoices = new ArrayList<>();
        for (; !month.isAfter(last); month = month.plusMonths(1)) {
            CalculatedInvoice invoice = calculator.calculate(events, month, lots);
            lots = invoice.lotsAfter();
            invoices.add(SimulatedInvoice.of(invoice));
        }
        return invoices;
    }
}
