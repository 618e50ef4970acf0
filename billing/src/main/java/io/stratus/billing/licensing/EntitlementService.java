package io.stratus.billing.licensing;

import io.stratus.billing.Sql;
import io.stratus.billing.calculator.PriceList;
import io.stratus.billing.price.PriceService;
import io.stratus.dashboard.api.Entitlements;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * billing's answer to dashboard-api's {@link Entitlements} (issue 12). Limits live in
 * {@code billing.standing_limits}; standing comes from the cards on file, the dunning outcome and admin overrides.
 * Runs in the caller's transaction and reads with {@code for share} on the account row, so an entitlement check and
 * the change it guards see one consistent standing.
 */
@ApplicationScoped
public class EntitlementService implements Entitlements {
    private final Sql sql;
    private final PriceService prices;
    private final Clock clock;

    EntitlementService(Sql sql, PriceService prices, Clock clock) {
        this.sql = sql;
        this.prices = prices;
        this.clock = clock;
    }

    private record Limits(int maxApps, int maxQuantity, List<String> allowedSizes) {
    }

    private Limits limits(String standing) {
        return sql.one("select max_apps, max_quantity, allowed_sizes from billing.standing_limits where standing = ?",
                rs -> {
                    Array sizes = rs.getArray(3);
                    return new Limits(rs.getInt(1), rs.getInt(2),
                            sizes == null ? null : Arrays.asList((String[]) sizes.getArray()));
                }, standing).orElseThrow();
    }

    @Override
    public Standing standing(UUID accountId) {
        YearMonth now = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
        boolean cardOnFile = sql.one("""
                select exists (select 1 from billing.payment_methods where account_id = ? and deleted_at is null
                               and verified and make_date(exp_year, exp_month, 1) >= ?::date)""",
                rs -> rs.getBoolean(1), accountId, now.atDay(1).toString()).orElse(false);
        record Row(Instant delinquentAt, Instant suspendedAt, Boolean verifiedOverride, Integer appLimitOverride) {
        }
        Row row = sql.one("""
                select delinquent_at, suspended_at, verified_override, app_limit_override from billing.accounts
                where account_id = ?""", rs -> new Row(Sql.instant(rs, 1), Sql.instant(rs, 2),
                (Boolean) rs.getObject(3), (Integer) rs.getObject(4)), accountId)
                .orElse(new Row(null, null, null, null));
        boolean verified = Boolean.TRUE.equals(row.verifiedOverride()) || cardOnFile;
        int appLimit = row.appLimitOverride() != null ? row.appLimitOverride()
                : limits(verified ? "verified" : "unverified").maxApps();
        return new Standing(verified, row.delinquentAt(), row.suspendedAt(), appLimit);
    }

    @Override
    public Decision mayCreateApp(UUID accountId, int appsOwned) {
        Standing standing = standing(accountId);
        if (standing.delinquentAt() != null) {
            return Decision.paymentRequired("Pay your open invoices to create new apps.");
        }
        if (appsOwned < standing.appLimit()) {
            return Decision.ALLOWED;
        }
        if (!standing.verified()) {
            return Decision.paymentRequired("Add a payment method to create more than " + standing.appLimit()
                    + " apps.");
        }
        return Decision.overLimit("You have reached the limit of " + standing.appLimit() + " apps.");
    }

    @Override
    public Decision mayScale(UUID accountId, String processType, String currentSize, int currentQuantity,
                             String newSize, int newQuantity) {
        PriceList priceList = prices.current();
        boolean sizeUp = currentSize != null && newQuantity > 0 && !newSize.equals(currentSize)
                && priceList.dyno(newSize) > priceList.dyno(currentSize);
        boolean quantityUp = newQuantity > currentQuantity;
        boolean newSizeRuns = newQuantity > 0 && (currentSize == null || !newSize.equals(currentSize));
        if (!quantityUp && !sizeUp && !newSizeRuns) {
            return Decision.ALLOWED; // scaling down and stopping are always allowed
        }
        Standing standing = standing(accountId);
        if (standing.delinquentAt() != null && (quantityUp || sizeUp || newSizeRuns && currentQuantity == 0)) {
            return Decision.paymentRequired("Pay your open invoices to scale up or change to a larger size.");
        }
        Limits limits = limits(standing.verified() ? "verified" : "unverified");
        if (limits.allowedSizes() != null && !limits.allowedSizes().contains(newSize)) {
            return Decision.paymentRequired("Add a payment method to use " + newSize + " dynos.");
        }
        if (newQuantity > limits.maxQuantity()) {
            return standing.verified()
                    ? Decision.overLimit("quantity can be at most " + limits.maxQuantity() + " per process type.")
                    : Decision.paymentRequired("Add a payment method to run more than " + limits.maxQuantity()
                            + " dynos per process type.");
        }
        return Decision.ALLOWED;
    }
}
