package io.stratus.dashboard.api;

import java.time.Instant;
import java.util.UUID;

/**
 * What an account may do on the platform, given its standing (issue 12). dashboard-api asks before it creates an
 * app, scales a process type up or changes its size, inside the transaction that makes the change, and refuses
 * with the decision's status, id and message when it is not allowed. billing implements it (it knows payment
 * state); dashboard-api never depends on billing. With no implementation present, everything is allowed: inject
 * {@code Instance<Entitlements>} and allow when it is unresolvable.
 */
public interface Entitlements {

    /**
     * May the account create one more app?
     *
     * @param accountId  the would-be owner
     * @param appsOwned  how many apps it owns now
     */
    Decision mayCreateApp(UUID accountId, int appsOwned);

    /**
     * May a process type go from one size and quantity to another? Scaling down and stopping are always allowed.
     *
     * @param currentSize      lower-case size now (e.g. {@code basic}); null when the process type does not run yet
     * @param currentQuantity  quantity now, 0 when it does not run
     * @param newSize          the size asked for
     * @param newQuantity      the quantity asked for
     */
    Decision mayScale(UUID accountId, String processType, String currentSize, int currentQuantity, String newSize,
                      int newQuantity);

    /** The account's standing, for {@code GET /account} and the web dashboard. */
    Standing standing(UUID accountId);

    /**
     * An answer: allowed, or refused with the HTTP status, error id and a message that says what to do
     * ("Add a payment method to use standard-1x dynos.").
     */
    record Decision(boolean allowed, int status, String id, String message) {
        public static final Decision ALLOWED = new Decision(true, 200, null, null);

        /** 402 {@code payment_required}: paying or adding a card would allow it. */
        public static Decision paymentRequired(String message) {
            return new Decision(false, 402, "payment_required", message);
        }

        /** 422 {@code invalid_params}: a plain limit. */
        public static Decision overLimit(String message) {
            return new Decision(false, 422, "invalid_params", message);
        }
    }

    /**
     * An account's standing: verified when a valid card is on file (or an admin said so), delinquent when an
     * invoice stayed unpaid after the dunning schedule, suspended after 30 days of delinquency.
     */
    record Standing(boolean verified, Instant delinquentAt, Instant suspendedAt, int appLimit) {
    }
}
