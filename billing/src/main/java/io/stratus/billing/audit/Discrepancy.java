package io.stratus.billing.audit;

import java.util.UUID;

/**
 * One difference between what the calculator gives for an account's month and what is persisted. {@code line}
 * names the invoice line ({@link LineKeys}), {@code creditId} the credit of a misapplied credit, {@code field} the
 * invoice field of a total or credits total; amounts are cents, null where that side has nothing.
 */
public record Discrepancy(Kind kind, UUID accountId, UUID invoiceId, Long invoiceNumber, String line, UUID creditId,
                          String field, Long expectedCents, Long actualCents) {

    /** The kinds of spec/billing.md "Audit", with the names the report uses. */
    public enum Kind {
        MISSING_LINE, EXTRA_LINE, AMOUNT_DIFFERS, TOTAL_DIFFERS, CREDIT_MISAPPLIED, EVENT_OUTSIDE_PERIOD;

        public String id() {
            return name().toLowerCase();
        }

        public static Kind of(String id) {
            return valueOf(id.toUpperCase());
        }
    }

    /** One JSON object on one line, the report's format. */
    public String toJson() {
        StringBuilder out = new StringBuilder(192).append('{');
        field(out, "kind", kind.id(), true);
        field(out, "account_id", accountId, false);
        field(out, "invoice_id", invoiceId, false);
        field(out, "invoice_number", invoiceNumber, false);
        field(out, "line", line, false);
        field(out, "credit_id", creditId, false);
        field(out, "field", field, false);
        field(out, "expected_cents", expectedCents, false);
        field(out, "actual_cents", actualCents, false);
        return out.append('}').toString();
    }

    private static void field(StringBuilder out, String name, Object value, boolean first) {
        if (!first) {
            out.append(',');
        }
        out.append('"').append(name).append("\":");
        if (value == null) {
            out.append("null");
        } else if (value instanceof Number) {
            out.append(value);
        } else {
            quote(out, value.toString());
        }
    }

    static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
