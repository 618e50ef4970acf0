package io.stratus.billing.calculator;

import java.time.YearMonth;
import java.util.List;

/**
 * What the rules give for one account and one month: the lines, the credits applied in order, the totals, and
 * the credit lots as they stand after the month (consumed, and expired where the period end expired them).
 */
public record CalculatedInvoice(YearMonth period, List<InvoiceLine> lines, long chargesTotal,
                                List<AppliedCredit> creditsApplied, long creditsTotal, long total,
                                List<CreditLot> lotsAfter, List<AppliedCredit> creditsExpired) {

    /** An amount taken from (or expired off) one credit. */
    public record AppliedCredit(String creditId, long amountCents) {
    }
}
