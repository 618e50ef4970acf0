package io.stratus.billing.credit;

import io.stratus.billing.Sql;
import io.stratus.billing.calculator.CreditLot;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The credits ledger (rule 8): grants, and the consume and expire rows the invoice run appends. */
@ApplicationScoped
public class CreditService {
    private static final String LOTS = """
            select c.id, c.account_id, c.granted_at, c.expires_at, c.amount_cents, c.title, c.created_at,
                   c.amount_cents - coalesce((select sum(l.amount_cents) from billing.credit_ledger l
                                              where l.credit_id = c.id and l.kind <> 'grant'), 0) as balance
            from billing.credits c""";

    private final Sql sql;
    private final Clock clock;

    CreditService(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** Grants a credit once per credit id; a second grant with the same id and other values is refused. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Granted grant(UUID accountId, UUID creditId, long amountCents, Instant grantedAt, Instant expiresAt,
                                String title) {
        int inserted = sql.update("""
                insert into billing.credits (id, account_id, amount_cents, granted_at, expires_at, title)
                values (?, ?, ?, ?, ?, ?) on conflict (id) do nothing""",
                creditId, accountId, amountCents, grantedAt, expiresAt, title);
        if (inserted == 1) {
            sql.update("""
                    insert into billing.credit_ledger (account_id, credit_id, kind, amount_cents, at)
                    values (?, ?, 'grant', ?, ?)""", accountId, creditId, amountCents, grantedAt);
        }
        CreditResponse credit = sql.one(LOTS + " where c.id = ?", this::response, creditId).orElseThrow();
        if (!credit.accountId().equals(accountId) || credit.amount() != amountCents) {
            throw ApiException.invalid("credit_id " + creditId + " was already granted with other values.");
        }
        return new Granted(credit, inserted == 1);
    }

    /** A credit and whether this call created it. */
    public record Granted(CreditResponse credit, boolean created) {
    }

    public List<CreditResponse> list(UUID accountId) {
        return sql.list(LOTS + " where c.account_id = ? order by c.granted_at, c.id", this::response, accountId);
    }

    public Map<UUID, List<CreditLot>> lots(UUID[] accounts) {
        Map<UUID, List<CreditLot>> result = new HashMap<>();
        sql.list(LOTS + " where c.account_id = any(?) order by c.granted_at, c.id", rs -> {
            UUID account = rs.getObject(2, UUID.class);
            result.computeIfAbsent(account, k -> new ArrayList<>()).add(new CreditLot(
                    rs.getObject(1, UUID.class).toString(), Sql.instant(rs, 3), Sql.instant(rs, 4),
                    rs.getLong("balance")));
            return null;
        }, (Object) accounts);
        return result;
    }

    private CreditResponse response(ResultSet rs) throws SQLException {
        Instant expiresAt = Sql.instant(rs, 4);
        long balance = rs.getLong("balance");
        // An expired credit shows 0 even before the invoice run writes its expire row.
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            balance = 0;
        }
        return new CreditResponse(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(5), balance,
                rs.getString(6), Sql.instant(rs, 3), expiresAt, Sql.instant(rs, 7));
    }
}
