package io.stratus.billing.audit;

import io.stratus.billing.audit.AccountMonth.PersistedInvoice;
import io.stratus.billing.audit.Discrepancy.Kind;
import io.stratus.billing.calculator.CalculatedInvoice;
import io.stratus.billing.calculator.CalculatedInvoice.AppliedCredit;
import io.stratus.billing.calculator.InvoiceCalculator;
import io.stratus.billing.calculator.InvoiceLine;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The comparer: recomputes one account's month with the invoice run's own {@link InvoiceCalculator} (rule 12) and
 * lists what the persisted invoice and credit ledger say differently. Pure, so the pipeline runs it on any thread.
 *
 * <p>Each fault is reported once, where it is: line faults per line; {@code total_differs} only when a stored total
 * disagrees with the stored lines (charges) or with charges minus credits (total), since a wrong line already
 * explains a total that follows it; {@code credit_misapplied} per credit whose consumption differs, plus the credits
 * total when it disagrees with the ledger. A stored line that the month does not explain is
 * {@code event_outside_period} when an event outside the period feeds it, else {@code extra_line}.
 */
final class AccountAuditor {
    private final InvoiceCalculator calculator;
    private final YearMonth period;

    AccountAuditor(InvoiceCalculator calculator, YearMonth period) {
        this.calculator = calculator;
        this.period = period;
    }

    List<Discrepancy> audit(AccountMonth month) {
        CalculatedInvoice expected = calculator.calculate(month.history(), period, month.lots());
        PersistedInvoice stored = month.invoice();
        UUID invoiceId = stored == null ? null : stored.id();
        Long number = stored == null ? null : stored.number();
        UUID account = month.accountId();
        List<Discrepancy> found = new ArrayList<>();

        Map<String, InvoiceLine> storedLines = new LinkedHashMap<>();
        if (stored != null) {
            for (InvoiceLine line : stored.lines()) {
                storedLines.put(LineKeys.of(line), line);
            }
        }
        Set<String> expectedKeys = new LinkedHashSet<>();
        for (InvoiceLine line : expected.lines()) {
            String key = LineKeys.of(line);
            expectedKeys.add(key);
            InvoiceLine actual = storedLines.get(key);
            if (actual == null) {
                found.add(new Discrepancy(Kind.MISSING_LINE, account, invoiceId, number, key, null, null,
                        line.amountCents(), null));
            } else if (actual.amountCents() != line.amountCents() || actual.seconds() != line.seconds()) {
                found.add(new Discrepancy(Kind.AMOUNT_DIFFERS, account, invoiceId, number, key, null, null,
                        line.amountCents(), actual.amountCents()));
            }
        }
        for (Map.Entry<String, InvoiceLine> entry : storedLines.entrySet()) {
            if (!expectedKeys.contains(entry.getKey())) {
                Kind kind = month.outsideKeys().contains(LineKeys.matchedBy(entry.getValue()))
                        ? Kind.EVENT_OUTSIDE_PERIOD : Kind.EXTRA_LINE;
                found.add(new Discrepancy(kind, account, invoiceId, number, entry.getKey(), null, null, null,
                        entry.getValue().amountCents()));
            }
        }

        if (stored != null) {
            long linesSum = 0;
            for (InvoiceLine line : stored.lines()) {
                linesSum += line.amountCents();
            }
            if (stored.chargesTotal() != linesSum) {
                found.add(new Discrepancy(Kind.TOTAL_DIFFERS, account, invoiceId, number, null, null,
                        "charges_total", expected.chargesTotal(), stored.chargesTotal()));
            } else if (stored.total() != stored.chargesTotal() - stored.creditsTotal()) {
                found.add(new Discrepancy(Kind.TOTAL_DIFFERS, account, invoiceId, number, null, null, "total",
                        expected.total(), stored.total()));
            }
        }

        Map<String, Long> applied = new LinkedHashMap<>();
        for (AppliedCredit credit : expected.creditsApplied()) {
            applied.merge(credit.creditId(), credit.amountCents(), Long::sum);
        }
        Set<String> creditIds = new LinkedHashSet<>(applied.keySet());
        creditIds.addAll(month.consumed().keySet());
        long consumedSum = 0;
        for (String creditId : creditIds) {
            long want = applied.getOrDefault(creditId, 0L);
            long got = month.consumed().getOrDefault(creditId, 0L);
            consumedSum += got;
            if (want != got) {
                found.add(new Discrepancy(Kind.CREDIT_MISAPPLIED, account, invoiceId, number, null,
                        UUID.fromString(creditId), null, want, got));
            }
        }
        if (stored != null && stored.creditsTotal() != consumedSum) {
            found.add(new Discrepancy(Kind.CREDIT_MISAPPLIED, account, invoiceId, number, null, null,
                    "credits_total", expected.creditsTotal(), stored.creditsTotal()));
        }
        return found;
    }
}
