package io.stratus.dashboard.api;

import java.time.Instant;
import java.util.UUID;

/**
 * Stops the apps of a suspended account (issue 12). dashboard-api implements it; billing, which decides when an
 * account is suspended, calls it. Declared here rather than in billing so that the dependency keeps pointing from
 * billing to dashboard-api. The owner restores the recorded formation with {@code POST /account/formation/restore}.
 */
public interface Suspensions {

    /**
     * Scales every running process type of the account's apps to 0 through the normal formation path (so
     * {@link FormationScaled} fires and metering stops), and records each previous quantity and size for the
     * restore. Apps, releases and config are kept. Joins the caller's transaction; calling it again for an account
     * already stopped changes nothing.
     *
     * @param accountId  the owner of the apps to stop
     * @param at         the instant of the suspension, stored on the formation and carried by the events
     */
    void suspend(UUID accountId, Instant at);
}
