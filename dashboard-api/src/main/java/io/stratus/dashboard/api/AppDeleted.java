package io.stratus.dashboard.api;

import java.time.Instant;
import java.util.UUID;

/**
 * An app was deleted (spec/platform-api.md §6). Fired inside the deleting transaction, after the
 * {@link FormationScaled} events that bring each running process type to 0 at the same instant.
 *
 * @param appId     the app
 * @param accountId its owner
 * @param appName   its name at deletion
 * @param at        the deletion instant
 */
public record AppDeleted(UUID appId, UUID accountId, String appName, Instant at) {
}
