package io.stratus.billing.payment;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.stratus.billing.BillingConfig;
import io.stratus.billing.Json;
import io.stratus.billing.Sql;
import io.stratus.billing.idempotency.IdempotencyStore.Stored;
import io.stratus.billing.idempotency.IdempotencyStore;
import io.stratus.billing.invoice.InvoiceService;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Charges and refunds (rules 10 and 11). A charge commits its idempotency key and a {@code pending} payment
 * before calling the gateway, so a concurrent request with the same key sees it in progress (409), and records
 * the outcome with the stored response afterwards. The gateway call never sits inside a database transaction.
 */
@ApplicationScoped
public class PaymentService {
    private static final Logger LOG = Logger.getLogger(PaymentService.class);
    private static final Set<String> CURRENCIES = Set.of("USD");
    /** Dunning (issue 8): retries 3, 5 and 7 days after the first failure, then the account is delinquent. */
    static final List<Duration> RETRIES = List.of(Duration.ofDays(3), Duration.ofDays(5), Duration.ofDays(7));
    private static final String COLUMNS = """
            select id, account_id, invoice_id, payment_method_id, amount_cents, currency, state, failure_code,
                   refunded_cents, created_at, updated_at from billing.payments""";

    private final Sql sql;
    private final PaymentGateway gateway;
    private final PaymentMethodService methods;
    private final InvoiceService invoices;
    private final IdempotencyStore keys;
    private final Json json;
    private final BillingConfig config;
    private final Clock clock;

    PaymentService(Sql sql, PaymentGateway gateway, PaymentMethodService methods, InvoiceService invoices,
                   IdempotencyStore keys, Json json, BillingConfig config, Clock clock) {
        this.sql = sql;
        this.gateway = gateway;
        this.methods = methods;
        this.invoices = invoices;
        this.keys = keys;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    /** A response to send: its status and JSON body. */
    public record Reply(int status, String body) {
    }

    private record Prepared(UUID paymentId, String token, long amountCents, String currency) {
    }

    /** A payment whose request died between the gateway call and recording its answer. */
    private record Abandoned(UUID paymentId) {
    }

    public Reply charge(String scope, String key, ChargeRequest request) {
        String currency = request.currency().toUpperCase(Locale.ROOT);
        if (!CURRENCIES.contains(currency)) {
            throw ApiException.invalid("currency " + request.currency() + " is not supported; use USD.");
        }
        if (request.amountCents() > config.maxChargeCents()) {
            throw ApiException.invalid("amount_cents is over the limit of " + config.maxChargeCents() + ".");
        }
        if (request.invoiceId() != null) {
            resolveUnknown(request.invoiceId());
        }
        String hash = json.hash("charges", request);
        Object prepared = QuarkusTransaction.requiringNew().call(() -> {
            Optional<UUID> abandoned = keys.abandoned(scope, key, hash, config.abandonedChargeAfter());
            if (abandoned.isPresent()) {
                return new Abandoned(abandoned.get());
            }
            Optional<Stored> stored = keys.begin(scope, key, hash);
            if (stored.isPresent()) {
                return stored.get();
            }
            Prepared p = prepare(request, currency);
            keys.attach(scope, key, p.paymentId());
            return p;
        });
        if (prepared instanceof Stored stored) {
            return replay(scope, key, stored);
        }
        if (prepared instanceof Abandoned abandoned) {
            return new Reply(201, json.write(settleAbandoned(abandoned.paymentId(), scope, key)));
        }
        Prepared p = (Prepared) prepared;
        PaymentResponse payment = callGateway(p.paymentId(), p.token(), p.amountCents(), p.currency(), scope, key);
        return new Reply(201, json.write(payment));
    }

    private Prepared prepare(ChargeRequest request, String currency) {
        PaymentMethodService.Card card = methods.forCharge(request.accountId(), request.paymentMethodId())
                .orElseThrow(() -> ApiException.invalid(request.paymentMethodId() == null
                        ? "The account has no payment method; add one first."
                        : "payment_method_id does not name a payment method of this account."));
        if (request.invoiceId() != null) {
            InvoiceService.Billable invoice = invoices.billable(request.invoiceId())
                    .filter(i -> i.accountId().equals(request.accountId()))
                    .orElseThrow(() -> ApiException.notFound("Couldn't find that invoice for this account."));
            if (invoice.state().equals("paid")) {
                throw ApiException.conflict("This invoice is already paid.");
            }
            if (invoice.total() != request.amountCents()) {
                throw ApiException.invalid("amount_cents must equal the invoice total (" + invoice.total() + ").");
            }
        }
        UUID paymentId = UUID.randomUUID();
        try {
            sql.update("""
                    insert into billing.payments (id, account_id, invoice_id, payment_method_id, amount_cents,
                        currency, state) values (?, ?, ?, ?, ?, ?, 'pending')""",
                    paymentId, request.accountId(), request.invoiceId(), card.method().id(), request.amountCents(),
                    currency);
        } catch (Sql.UniqueViolation e) {
            throw ApiException.conflict("A payment for this invoice is in progress or has succeeded.");
        }
        return new Prepared(paymentId, card.token(), request.amountCents(), currency);
    }

    private PaymentResponse callGateway(UUID paymentId, String token, long amountCents, String currency,
                                        String scope, String key) {
        PaymentGateway.ChargeOutcome outcome;
        try {
            outcome = gateway.charge(token, amountCents, currency, paymentId.toString());
        } catch (PaymentGateway.GatewayTimeoutException e) {
            LOG.warnf("payment %s: gateway timed out, state unknown until resolved", paymentId);
            outcome = null;
        }
        PaymentGateway.ChargeOutcome result = outcome;
        return QuarkusTransaction.requiringNew().call(() -> {
            PaymentResponse payment = finish(paymentId, result);
            if (key != null) {
                keys.complete(scope, key, 201, json.write(payment));
            }
            return payment;
        });
    }

    /**
     * Settles a payment left pending by a request that died (rule 11): the gateway says whether it charged, and the
     * key completes with that answer, so the client's retry gets it instead of a 409 until the key expires.
     */
    private PaymentResponse settleAbandoned(UUID paymentId, String scope, String key) {
        LOG.warnf("payment %s: its request died before recording the gateway's answer; asking the gateway", paymentId);
        PaymentGateway.ChargeOutcome settled = askGateway(paymentId);
        return QuarkusTransaction.requiringNew().call(() -> {
            String state = sql.one("select state from billing.payments where id = ? for update",
                    rs -> rs.getString(1), paymentId).orElseThrow();
            PaymentResponse payment = state.equals("pending") ? finish(paymentId, settled)
                    : payment(paymentId).orElseThrow();
            keys.complete(scope, key, 201, json.write(payment));
            return payment;
        });
    }

    /** Records a gateway outcome; null means the gateway timed out. */
    private PaymentResponse finish(UUID paymentId, PaymentGateway.ChargeOutcome outcome) {
        String state = outcome == null ? "unknown" : outcome.succeeded() ? "succeeded" : "failed";
        String failure = outcome == null ? null : outcome.failureCode();
        sql.update("update billing.payments set state = ?, failure_code = ?, updated_at = now() where id = ?",
                state, failure, paymentId);
        PaymentResponse payment = payment(paymentId).orElseThrow();
        if (payment.invoiceId() != null) {
            if (state.equals("succeeded")) {
                invoices.setState(payment.invoiceId(), "paid");
                sql.update("update billing.dunning set closed_at = ?, next_retry_at = null where invoice_id = ? "
                        + "and closed_at is null", clock.instant(), payment.invoiceId());
                // Paying the open invoices restores standing (issue 12).
                sql.update("""
                        update billing.accounts set delinquent_at = null, suspended_at = null, updated_at = now()
                        where account_id = ? and delinquent_at is not null and not exists (
                            select 1 from billing.invoices where account_id = ? and state <> 'paid')""",
                        payment.accountId(), payment.accountId());
            } else if (state.equals("failed")) {
                invoices.setState(payment.invoiceId(), "failed");
                Instant now = clock.instant();
                sql.update("""
                        insert into billing.dunning (invoice_id, account_id, first_failed_at, next_retry_at)
                        values (?, ?, ?, ?) on conflict (invoice_id) do nothing""",
                        payment.invoiceId(), payment.accountId(), now, now.plus(RETRIES.get(0)));
            }
        }
        return payment;
    }

    private Reply replay(String scope, String key, Stored stored) {
        if (stored.resourceId() != null) {
            Optional<PaymentResponse> payment = payment(stored.resourceId());
            if (payment.isPresent()) {
                // The stored reply may predate the payment's outcome (unknown, resolved since): send what is true now.
                PaymentResponse current = payment.get().state().equals("unknown")
                        ? resolve(payment.get().id()) : payment.get();
                String body = json.write(current);
                if (!body.equals(stored.body())) {
                    QuarkusTransaction.requiringNew().run(() -> keys.replaceResponse(scope, key, body));
                }
                return new Reply(stored.status(), body);
            }
        }
        return new Reply(stored.status(), stored.body());
    }

    /** Rule 11: an {@code unknown} payment is settled by asking the gateway before anything retries it. */
    public PaymentResponse resolve(UUID paymentId) {
        PaymentResponse payment = payment(paymentId)
                .orElseThrow(() -> ApiException.notFound("Couldn't find that payment."));
        if (!payment.state().equals("unknown")) {
            return payment;
        }
        PaymentGateway.ChargeOutcome settled = askGateway(paymentId);
        return QuarkusTransaction.requiringNew().call(() -> finish(paymentId, settled));
    }

    /** What the gateway did with a payment; when it never saw it, nothing was charged: failed, {@code not_received}. */
    private PaymentGateway.ChargeOutcome askGateway(UUID paymentId) {
        return gateway.find(paymentId.toString()).orElse(new PaymentGateway.ChargeOutcome(false, "not_received"));
    }

    private void resolveUnknown(UUID invoiceId) {
        for (UUID id : sql.list("select id from billing.payments where invoice_id = ? and state = 'unknown'",
                rs -> rs.getObject(1, UUID.class), invoiceId)) {
            resolve(id);
        }
    }

    /** Retries a failed invoice's payment for dunning; no idempotency key, the dunning row is the guard. */
    PaymentResponse retryInvoice(UUID invoiceId) {
        resolveUnknown(invoiceId);
        InvoiceService.Billable invoice = invoices.billable(invoiceId).orElseThrow();
        if (invoice.state().equals("paid")) {
            return null;
        }
        Prepared p;
        try {
            p = QuarkusTransaction.requiringNew().call(() -> prepare(
                    new ChargeRequest(invoice.accountId(), invoiceId, invoice.total(), "USD", null), "USD"));
        } catch (ApiException e) {
            return null;
        }
        return callGateway(p.paymentId(), p.token(), p.amountCents(), p.currency(), null, null);
    }

    public Reply refund(String scope, String key, RefundRequest request) {
        String hash = json.hash("refunds", request);
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<Stored> stored = keys.begin(scope, key, hash);
            if (stored.isPresent()) {
                return new Reply(stored.get().status(), stored.get().body());
            }
            PaymentResponse payment = sql.one(COLUMNS + " where id = ? for update", PaymentService::row,
                    request.paymentId()).orElseThrow(() -> ApiException.notFound("Couldn't find that payment."));
            if (!payment.state().equals("succeeded")) {
                throw ApiException.invalid("Only a succeeded payment can be refunded; this one is "
                        + payment.state() + ".");
            }
            long refundable = payment.amountCents() - payment.refundedCents();
            if (request.amountCents() > refundable) {
                throw ApiException.invalid("amount_cents is more than the " + refundable + " cents left to refund.");
            }
            UUID refundId = UUID.randomUUID();
            sql.update("insert into billing.refunds (id, payment_id, amount_cents) values (?, ?, ?)",
                    refundId, payment.id(), request.amountCents());
            sql.update("update billing.payments set refunded_cents = refunded_cents + ?, updated_at = now() "
                    + "where id = ?", request.amountCents(), payment.id());
            // Last, so that a refused refund rolls back the rows above and the key with them.
            gateway.refund(payment.id().toString(), request.amountCents());
            RefundResponse refund = sql.one("select id, payment_id, amount_cents, created_at from billing.refunds "
                    + "where id = ?", rs -> new RefundResponse(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                    rs.getLong(3), Sql.instant(rs, 4)), refundId).orElseThrow();
            String body = json.write(refund);
            keys.complete(scope, key, 201, body);
            return new Reply(201, body);
        });
    }

    public Optional<PaymentResponse> payment(UUID id) {
        return sql.one(COLUMNS + " where id = ?", PaymentService::row, id);
    }

    public List<PaymentResponse> forInvoice(UUID invoiceId) {
        return sql.list(COLUMNS + " where invoice_id = ? order by created_at", PaymentService::row, invoiceId);
    }

    private static PaymentResponse row(ResultSet rs) throws SQLException {
        return new PaymentResponse(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getLong(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getLong(9), Sql.instant(rs, 10), Sql.instant(rs, 11));
    }
}
