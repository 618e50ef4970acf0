package io.stratus.common.paging;

import io.stratus.common.error.ApiException;
import io.stratus.common.error.ErrorIds;
import java.util.List;
import java.util.Locale;

/**
 * A parsed Heroku {@code Range} request header (spec/platform-api.md §1):
 * {@code <field> [<start>]..[<end>][; max=<n>][, order=asc|desc]}. Parameters split by {@code ;} or {@code ,}, in
 * any order, spaces optional; a start prefixed {@code ]} is exclusive. Pure: no I/O, no framework.
 *
 * @param field          the sort field, one of those the endpoint accepts
 * @param start          first value (null: from the beginning)
 * @param startExclusive whether {@code start} itself is skipped (the {@code ]} prefix of a {@code Next-Range})
 * @param end            last value, inclusive (null: to the end)
 * @param max            page size, 1..{@link #MAX_PAGE}
 * @param descending     {@code order=desc}
 */
public record Range(String field, String start, boolean startExclusive, String end, int max, boolean descending) {
    public static final int DEFAULT_PAGE = 200;
    public static final int MAX_PAGE = 1000;

    /**
     * Parses a header value; a missing or blank header is the default range on {@code defaultField}.
     *
     * @throws ApiException 416 {@code requested_range_not_satisfiable} for anything malformed
     */
    public static Range parse(String header, List<String> fields, String defaultField) {
        if (header == null || header.isBlank()) {
            return new Range(defaultField, null, false, null, DEFAULT_PAGE, false);
        }
        String[] parts = header.trim().split("[;,]");
        String head = parts[0].trim();
        int space = indexOfWhitespace(head);
        String field = space < 0 ? head : head.substring(0, space);
        String bounds = space < 0 ? "" : head.substring(space).trim();
        if (!fields.contains(field)) {
            throw notSatisfiable("Range field must be one of " + String.join(", ", fields) + ".");
        }
        String start = null;
        String end = null;
        boolean exclusive = false;
        if (!bounds.isEmpty()) {
            int dots = bounds.indexOf("..");
            if (dots < 0) {
                throw notSatisfiable("Range must read '<field> [<start>]..[<end>]'.");
            }
            start = bounds.substring(0, dots).trim();
            end = bounds.substring(dots + 2).trim();
            if (start.startsWith("]")) {
                exclusive = true;
                start = start.substring(1).trim();
            }
            if (start.isEmpty()) {
                start = null;
                exclusive = false;
            }
            if (end.isEmpty()) {
                end = null;
            }
            if ((start != null && hasBlank(start)) || (end != null && (hasBlank(end) || end.contains("..")))) {
                throw notSatisfiable("Range bounds must not contain spaces.");
            }
        }
        int max = DEFAULT_PAGE;
        boolean descending = false;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            if (eq < 0) {
                throw notSatisfiable("Range parameter '" + param + "' must read name=value.");
            }
            String name = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = param.substring(eq + 1).trim();
            switch (name) {
                case "max" -> max = parseMax(value);
                case "order" -> descending = parseOrder(value);
                default -> throw notSatisfiable("Unknown Range parameter '" + name + "'.");
            }
        }
        return new Range(field, start, exclusive, end, max, descending);
    }

    /** The {@code Next-Range} header continuing after {@code lastValue}, the sort value of this page's last row. */
    public String next(String lastValue) {
        return field + " ]" + lastValue + "..; max=" + max + ", order=" + (descending ? "desc" : "asc");
    }

    private static int parseMax(String value) {
        long max;
        try {
            max = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw notSatisfiable("Range max must be a whole number.");
        }
        if (max < 1) {
            throw notSatisfiable("Range max must be at least 1.");
        }
        return (int) Math.min(max, MAX_PAGE);
    }

    private static boolean parseOrder(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw notSatisfiable("Range order must be asc or desc.");
        };
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasBlank(String s) {
        return indexOfWhitespace(s) >= 0;
    }

    private static ApiException notSatisfiable(String message) {
        return new ApiException(416, ErrorIds.RANGE_NOT_SATISFIABLE, message);
    }
}
