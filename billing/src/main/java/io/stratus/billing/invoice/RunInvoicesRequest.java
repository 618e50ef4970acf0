package io.stratus.billing.invoice;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

public record RunInvoicesRequest(@NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be YYYY-MM")
                                 String period) {
}
