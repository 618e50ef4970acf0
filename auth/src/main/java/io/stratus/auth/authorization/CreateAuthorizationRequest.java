package io.stratus.auth.authorization;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Heroku's create body; {@code scope} other than {@code global} is refused, the rest is optional. */
public record CreateAuthorizationRequest(@Size(max = 500) String description,
        @Min(60) @Max(10L * 365 * 24 * 3600) Long expiresIn, List<String> scope) {
}
