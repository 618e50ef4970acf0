package io.stratus.billing.metering;

import io.stratus.billing.Sql;
import io.stratus.billing.calculator.PriceList;
import io.stratus.billing.calculator.UsageEvent;
import io.stratus.billing.credit.CreditService;
import io.stratus.billing.price.PriceService;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Records raw usage events (rule 2) and reads them back for the calculator. */
@ApplicationScoped
public class UsageService {
    private final Sql sql;
    private final PriceService prices;
    private final CreditService credits;

    UsageService(Sql sql, PriceService prices, CreditService credits) {
        this.sql = sql;
        this.prices = prices;
        this.credits = credits;
    }

    /** Result of one ingestion call: new events, and those whose id was already stored. */
    public record Ingested(int accepted, int duplicates) {
    }

    /** Ingests a batch all or nothing; events already stored under their id are skipped. */
    @Transactional
    public Ingested ingest(List<UsageEventRequest> events) {
        UsageEvents.validate(events, true);
        checkPrices(events, prices.current());
        Set<UUID> accounts = new HashSet<>();
        events.forEach(e -> accounts.add(e.accountId()));
        Map<UUID, Instant> openFrom = openFrom(accounts.toArray(UUID[]::new));
        for (int i = 0; i < events.size(); i++) {
            UsageEventRequest e = events.get(i);
            Instant from = openFrom.get(e.accountId());
            if (from != null && e.at().isBefore(from)) {
                // Rule 9: a finalized month never changes; corrections go on a later invoice as credits.
                throw ApiException.invalid("events[" + i + "].at falls in a month already invoiced for this "
                        + "account (open from " + from + "); grant a credit to correct it.");
            }
        }
        int accepted = 0;
        for (UsageEventRequest e : events) {
            Instant at = e.at().truncatedTo(ChronoUnit.SECONDS);
            if (e.type().equals("credit")) {
                if (credits.grant(e.accountId(), e.creditId(), e.amountCents(), at, e.expiresAt(), e.title())
                        .created()) {
                    accepted++;
                }
                continue;
            }
            accepted += insert(e.id(), e.accountId(), e.type(), at, e.app(), e.processType(), e.size(), e.quantity(),
                    e.addonId(), e.plan());
        }
        return new Ingested(accepted, events.size() - accepted);
    }

    /** Records one in-process event in the caller's transaction, refusing a size the price list lacks. */
    @Transactional
    public void record(UUID accountId, String type, Instant at, String app, String processType, String size,
                       Integer quantity) {
        if (size != null) {
            prices.current().dyno(size);
        }
        insert(type + ":" + UUID.randomUUID(), accountId, type, at.truncatedTo(ChronoUnit.SECONDS), app, processType,
                size, quantity, null, null);
    }

    private int insert(String eventId, UUID accountId, String type, Instant at, String app, String processType,
                       String size, Integer quantity, String addonId, String plan) {
        return sql.update("""
                insert into billing.usage_events
                    (event_id, account_id, type, at, app, process_type, size, quantity, addon_id, plan)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing""",
                eventId, accountId, type, at, app, processType, size, quantity, addonId, plan);
    }

    static void checkPrices(List<UsageEventRequest> events, PriceList priceList) {
        for (int i = 0; i < events.size(); i++) {
            UsageEventRequest e = events.get(i);
            try {
                if (e.type().equals("formation")) {
                    priceList.dyno(e.size());
                } else if (e.type().equals("addon_attach") || e.type().equals("addon_plan_change")) {
                    priceList.addon(e.plan());
                }
            } catch (PriceList.UnknownPriceException ex) {
                throw ApiException.invalid("events[" + i + "]: " + ex.getMessage());
            }
        }
    }

    /** The first instant each account may still receive events for: after its last finalized month. */
    public Map<UUID, Instant> openFrom(UUID[] accounts) {
        Map<UUID, Instant> result = new HashMap<>();
        sql.list("""
                select account_id, finalized_through from billing.accounts
                where account_id = any(?) and finalized_through is not null""", rs -> {
            LocalDate last = rs.getObject(2, LocalDate.class);
            result.put(rs.getObject(1, UUID.class), last.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            return null;
        }, (Object) accounts);
        return result;
    }

    /** Every event of the accounts before {@code end}, per account in (instant, ingestion) order. */
    public Map<UUID, List<UsageEvent>> history(UUID[] accounts, Instant end) {
        Map<UUID, List<UsageEvent>> result = new LinkedHashMap<>();
        for (UUID account : accounts) {
            result.put(account, new ArrayList<>());
        }
        sql.list("""
                select account_id, type, at, app, process_type, size, quantity, addon_id, plan
                from billing.usage_events where account_id = any(?) and at < ? order by account_id, at, seq""",
                rs -> {
                    result.get(rs.getObject(1, UUID.class)).add(UsageEvents.of(rs.getString(2), Sql.instant(rs, 3),
                            rs.getString(4), rs.getString(5), rs.getString(6), (Integer) rs.getObject(7),
                            rs.getString(8), rs.getString(9)));
                    return null;
                }, accounts, end);
        return result;
    }

    /** Accounts with usage before {@code end} whose months through {@code period} are not all finalized. */
    public List<UUID> accountsToInvoice(Instant end, LocalDate period) {
        return sql.list("""
                select u.account_id from (select distinct account_id from billing.usage_events where at < ?) u
                left join billing.accounts a on a.account_id = u.account_id
                where a.finalized_through is null or a.finalized_through < ?
                order by u.account_id""", rs -> rs.getObject(1, UUID.class), end, period);
    }
}
