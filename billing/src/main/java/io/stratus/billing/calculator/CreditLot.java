package io.stratus.billing.calculator;

import java.time.Instant;

/** A granted credit and what is left of it; {@code expiresAt} null means it never expires. */
public record CreditLot(String creditId, Instant grantedAt, Instant expiresAt, long balanceCents) {
}
