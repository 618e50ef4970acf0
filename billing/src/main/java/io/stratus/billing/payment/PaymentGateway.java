package io.stratus.billing.payment;

import java.util.Optional;

/**
 * A card payment gateway. The built-in {@link TestGateway} behaves like the public test cards (rule 11); a real
 * gateway is another implementation. Charges carry our payment id as reference, so asking again is safe.
 */
public interface PaymentGateway {
    /** Turns a card into a token; the number goes no further than this call. */
    CardToken tokenize(String number, int expMonth, int expYear);

    /** A zero-amount authorization: does this card accept charges? */
    boolean verify(String token);

    /**
     * Charges a token once per reference: charging the same reference again returns the first outcome.
     *
     * @throws GatewayTimeoutException when the gateway did not answer in time (the outcome is unknown)
     */
    ChargeOutcome charge(String token, long amountCents, String currency, String reference);

    /** The outcome of an earlier charge, or empty when the gateway never received it. */
    Optional<ChargeOutcome> find(String reference);

    void refund(String reference, long amountCents);

    /** A tokenized card: what we may store. */
    record CardToken(String token, String brand, String last4) {
    }

    /** Whether a charge went through, and the decline code when not. */
    record ChargeOutcome(boolean succeeded, String failureCode) {
    }

    /** The card was refused before any charge (invalid number). */
    class CardRejectedException extends RuntimeException {
        public CardRejectedException(String message) {
            super(message, null, false, false);
        }
    }

    /** No answer in time: the charge may or may not have happened. */
    class GatewayTimeoutException extends RuntimeException {
        public GatewayTimeoutException(String message) {
            super(message, null, false, false);
        }
    }
}
