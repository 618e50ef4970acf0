package io.stratus.billing.payment;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The built-in gateway with the behaviour of the common public test cards (rule 11). Its tokens name the card's
 * behaviour ({@code tok_test_<behaviour>_<random>}), never the number, so they keep working across restarts.
 * Charges live in memory, as a real gateway's would live on its side.
 */
@ApplicationScoped
public class TestGateway implements PaymentGateway {
    private static final Map<String, String> CARDS = Map.of(
            "4242424242424242", "ok",
            "4000000000000002", "generic_decline",
            "4000000000009995", "insufficient_funds",
            "4000000000000069", "expired_card",
            "4000000000000119", "processing_error");

    private final Map<String, ChargeOutcome> charges = new ConcurrentHashMap<>();
    private final AtomicInteger successfulCharges = new AtomicInteger();
    private volatile Timeout nextTimeout;

    /** What the next charge does instead of answering: time out before or after the charge went through. */
    public enum Timeout { BEFORE_CHARGING, AFTER_CHARGING }

    /** Makes the next charge time out; for tests of the {@code unknown} state. */
    public void timeOutNextCharge(Timeout timeout) {
        nextTimeout = timeout;
    }

    public int successfulCharges() {
        return successfulCharges.get();
    }

    @Override
    public CardToken tokenize(String number, int expMonth, int expYear) {
        if (!number.matches("\\d{12,19}") || !luhn(number)) {
            throw new CardRejectedException("The card number is not valid.");
        }
        String behaviour = CARDS.getOrDefault(number, "ok");
        String token = "tok_test_" + behaviour + "_" + UUID.randomUUID().toString().replace("-", "");
        return new CardToken(token, brand(number), number.substring(number.length() - 4));
    }

    @Override
    public boolean verify(String token) {
        return behaviour(token).equals("ok");
    }

    @Override
    public ChargeOutcome charge(String token, long amountCents, String currency, String reference) {
        Timeout timeout = nextTimeout;
        nextTimeout = null;
        if (timeout == Timeout.BEFORE_CHARGING) {
            throw new GatewayTimeoutException("The gateway did not answer in time.");
        }
        ChargeOutcome outcome = charges.computeIfAbsent(reference, ref -> {
            String behaviour = behaviour(token);
            if (behaviour.equals("ok")) {
                successfulCharges.incrementAndGet();
                return new ChargeOutcome(true, null);
            }
            return new ChargeOutcome(false, behaviour);
        });
        if (timeout == Timeout.AFTER_CHARGING) {
            throw new GatewayTimeoutException("The gateway did not answer in time.");
        }
        return outcome;
    }

    @Override
    public Optional<ChargeOutcome> find(String reference) {
        return Optional.ofNullable(charges.get(reference));
    }

    @Override
    public void refund(String reference, long amountCents) {
        ChargeOutcome outcome = charges.get(reference);
        if (outcome == null || !outcome.succeeded()) {
            throw new IllegalStateException("No successful charge " + reference + " to refund.");
        }
    }

    private static String behaviour(String token) {
        String[] parts = token.split("_");
        // tok_test_<behaviour with underscores>_<random>
        return String.join("_", Arrays.copyOfRange(parts, 2, parts.length - 1));
    }

    static boolean luhn(String number) {
        int sum = 0;
        boolean doubled = false;
        for (int i = number.length() - 1; i >= 0; i--) {
            int digit = number.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    private static String brand(String number) {
        if (number.startsWith("4")) {
            return "visa";
        }
        if (number.matches("5[1-5].*") || number.matches("2[2-7].*")) {
            return "mastercard";
        }
        if (number.startsWith("34") || number.startsWith("37")) {
            return "amex";
        }
        return "unknown";
    }
}
