package io.stratus.common.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a Range-paged list. Callers read {@code range.max() + 1} rows so that a page which is cut knows
 * more remain: only then does it carry a {@code Next-Range} (a {@code Next-Range} on the last page makes the
 * Heroku CLI loop forever).
 *
 * @param items     the rows of this page, at most {@code range.max()}
 * @param nextRange the {@code Next-Range} header value, or null on the last page
 */
public record Page<T>(List<T> items, String nextRange) {

    /** Cuts {@code rows} (read with limit {@code range.max() + 1}) to a page; {@code key} gives a row's sort value. */
    public static <T> Page<T> of(List<T> rows, Range range, Function<T, String> key) {
        if (rows.size() <= range.max()) {
            return new Page<>(List.copyOf(rows), null);
        }
        List<T> items = List.copyOf(rows.subList(0, range.max()));
        return new Page<>(items, range.next(key.apply(items.get(items.size() - 1))));
    }

    public boolean partial() {
        return nextRange != null;
    }

    public int status() {
        return partial() ? 206 : 200;
    }
}
