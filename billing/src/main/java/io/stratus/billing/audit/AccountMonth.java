package io.stratus.billing.audit;

import io.stratus.billing.calculator.CreditLot;
import io.stratus.billing.calculator.InvoiceLine;
import io.stratus.billing.calculator.UsageEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Everything the audit knows about one account and the audited month, merged from the three streams: the usage
 * history up to the period's end (ingestion order), the keys of lines that events outside the period feed, the
 * persisted invoice (null when there is none), the credit lots as they stood before the month, and what the
 * ledger says the month consumed per credit. {@code rows} counts the database rows it was built from.
 */
record AccountMonth(UUID accountId, List<UsageEvent> history, Set<String> outsideKeys, PersistedInvoice invoice,
                    List<CreditLot> lots, Map<String, Long> consumed, long rows) {

    /** An invoice as stored: its totals and lines. */
    record PersistedInvoice(UUID id, long number, long chargesTotal, long creditsTotal, long total,
                            List<InvoiceLine> lines) {
    }
}
