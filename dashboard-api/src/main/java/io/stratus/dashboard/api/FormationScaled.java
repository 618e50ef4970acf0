package io.stratus.dashboard.api;

import java.time.Instant;
import java.util.UUID;

/**
 * A process type of an app changed quantity or size (spec/platform-api.md §6). Fired inside the changing
 * transaction, so a plain {@code @Observes} joins it: the scale and whatever reacts (billing's usage record)
 * commit together or not at all. A size change at quantity &gt; 0 fires two events with the same {@code at}: the
 * old size going to 0 and the new size coming up from 0.
 *
 * @param appId        the app
 * @param accountId    the app's owner, who pays for it
 * @param processType  e.g. {@code web}
 * @param size         lower-case dyno size name, e.g. {@code standard-1x}
 * @param oldQuantity  quantity at this size before the change
 * @param newQuantity  quantity at this size after the change
 * @param at           the instant stored on the formation
 */
public record FormationScaled(UUID appId, UUID accountId, String processType, String size,
                              int oldQuantity, int newQuantity, Instant at) {
}
