package io.stratus.common.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.common.error.ApiException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RangeTest {
    static final List<String> FIELDS = List.of("id", "name", "version");

    @Test
    void missingOrBlankHeaderIsTheDefaultRange() {
        for (String header : new String[] {null, "", "   "}) {
            Range range = Range.parse(header, FIELDS, "id");
            assertEquals(new Range("id", null, false, null, 200, false), range);
        }
    }

    @Test
    void readsTheCliFormWithCommaAndSemicolon() {
        Range range = Range.parse("version ..; order=desc,max=1", FIELDS, "id");
        assertEquals(new Range("version", null, false, null, 1, true), range);
    }

    @Test
    void readsParametersInAnyOrderWithOptionalSpacesAndTrailingSemicolon() {
        assertEquals(new Range("id", null, false, null, 10, false), Range.parse("id ..;max=10;", FIELDS, "id"));
        assertEquals(new Range("name", null, false, null, 5, true),
                Range.parse("name .. ; order = desc ; max = 5 ;", FIELDS, "id"));
        assertEquals(new Range("id", null, false, null, 200, false), Range.parse("id ..", FIELDS, "name"));
        assertEquals(new Range("id", null, false, null, 200, false), Range.parse("id", FIELDS, "name"));
    }

    @Test
    void readsInclusiveAndExclusiveStartAndEnd() {
        assertEquals(new Range("name", "b", false, "m", 200, false), Range.parse("name b..m", FIELDS, "id"));
        assertEquals(new Range("name", "b", true, null, 3, false),
                Range.parse("name ]b..; max=3, order=asc", FIELDS, "id"));
        assertEquals(new Range("version", null, false, "7", 200, false), Range.parse("version ..7", FIELDS, "id"));
    }

    @Test
    void clampsMaxToOneThousand() {
        assertEquals(1000, Range.parse("id ..; max=5000", FIELDS, "id").max());
        assertEquals(1000, Range.parse("id ..; max=99999999999999", FIELDS, "id").max());
    }

    @ParameterizedTest
    @ValueSource(strings = {"id ..; max=0", "id ..; max=-1", "id ..; max=abc", "nope ..", "id ..; order=up",
        "id ..; color=red", "id ..; max", "id 1-2", "id a b..c"})
    void rejectsMalformedHeadersWith416(String header) {
        ApiException e = assertThrows(ApiException.class, () -> Range.parse(header, FIELDS, "id"));
        assertEquals(416, e.status());
        assertEquals("requested_range_not_satisfiable", e.id());
    }

    @Test
    void formatsNextRangeThatParsesBack() {
        Range range = Range.parse("version ..; order=desc,max=2", FIELDS, "id");
        String next = range.next("7");
        assertEquals("version ]7..; max=2, order=desc", next);
        assertEquals(new Range("version", "7", true, null, 2, true), Range.parse(next, FIELDS, "id"));
    }

    @Test
    void pageIsPartialOnlyWhenRowsOverflowMax() {
        Range range = Range.parse("id ..; max=3", FIELDS, "id");
        List<Integer> four = IntStream.rangeClosed(1, 4).boxed().toList();
        Page<Integer> cut = Page.of(four, range, String::valueOf);
        assertEquals(List.of(1, 2, 3), cut.items());
        assertEquals("id ]3..; max=3, order=asc", cut.nextRange());
        assertEquals(206, cut.status());
        Page<Integer> last = Page.of(four.subList(0, 3), range, String::valueOf);
        assertFalse(last.partial());
        assertNull(last.nextRange());
        assertEquals(200, last.status());
        assertTrue(Page.of(List.<Integer>of(), range, String::valueOf).items().isEmpty());
    }
}
