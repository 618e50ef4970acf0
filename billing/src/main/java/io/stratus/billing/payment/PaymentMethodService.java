package io.stratus.billing.payment;

import io.stratus.billing.Sql;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Cards on file: a gateway token plus brand, last 4 and expiry (rule 11). */
@ApplicationScoped
public class PaymentMethodService {
    private static final String COLUMNS =
            "select id, brand, last4, exp_month, exp_year, created_at, gateway_token, verified "
                    + "from billing.payment_methods";

    private final Sql sql;
    private final PaymentGateway gateway;
    private final Clock clock;

    PaymentMethodService(Sql sql, PaymentGateway gateway, Clock clock) {
        this.sql = sql;
        this.gateway = gateway;
        this.clock = clock;
    }

    /** A stored card with its token, for charging. */
    record Card(PaymentMethodResponse method, String token) {
    }

    @Transactional
    public PaymentMethodResponse add(UUID accountId, AddPaymentMethodRequest request) {
        YearMonth now = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
        if (YearMonth.of(request.expYear(), request.expMonth()).isBefore(now)) {
            throw ApiException.invalid("The card has expired (exp_month/exp_year are in the past).");
        }
        PaymentGateway.CardToken token;
        try {
            token = gateway.tokenize(request.number().replace(" ", ""), request.expMonth(), request.expYear());
        } catch (PaymentGateway.CardRejectedException e) {
            throw ApiException.invalid("number: " + e.getMessage());
        }
        UUID id = UUID.randomUUID();
        boolean verified = gateway.verify(token.token());
        sql.update("""
                insert into billing.payment_methods (id, account_id, gateway_token, brand, last4, exp_month, exp_year,
                    verified) values (?, ?, ?, ?, ?, ?, ?, ?)""", id, accountId, token.token(), token.brand(),
                token.last4(), request.expMonth(), request.expYear(), verified);
        return find(accountId, id).orElseThrow().method();
    }

    public List<PaymentMethodResponse> list(UUID accountId) {
        return sql.list(COLUMNS + " where account_id = ? and deleted_at is null order by created_at, id",
                PaymentMethodService::row, accountId).stream().map(Card::method).toList();
    }

    @Transactional
    public void delete(UUID accountId, UUID id) {
        if (sql.update("update billing.payment_methods set deleted_at = now() where id = ? and account_id = ? "
                + "and deleted_at is null", id, accountId) == 0) {
            throw ApiException.notFound("Couldn't find that payment method.");
        }
    }

    Optional<Card> find(UUID accountId, UUID id) {
        return sql.one(COLUMNS + " where id = ? and account_id = ? and deleted_at is null",
                PaymentMethodService::row, id, accountId);
    }

    /** The card to charge: the one asked for, else the newest on file. */
    Optional<Card> forCharge(UUID accountId, UUID id) {
        if (id != null) {
            return find(accountId, id);
        }
        return sql.one(COLUMNS + " where account_id = ? and deleted_at is null order by created_at desc, id limit 1",
                PaymentMethodService::row, accountId);
    }

    private static Card row(ResultSet rs) throws SQLException {
        return new Card(new PaymentMethodResponse(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getInt(4), rs.getInt(5), rs.getBoolean(8), Sql.instant(rs, 6)), rs.getString(7));
    }
}
