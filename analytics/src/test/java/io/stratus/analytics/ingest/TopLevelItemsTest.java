package io.stratus.analytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The item count the request path refuses a full queue's requests by, before it parses them into trees. */
class TopLevelItemsTest {
    private static int count(String json) {
        return IngestRoutes.topLevelItems(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void countsTheItemsOfAnArrayHoweverDeepTheyAre() {
        assertEquals(3, count("[{\"event\":\"a\",\"properties\":{\"x\":[1,{\"y\":\"],[\"}]}}, {\"event\":\"b\"}, 7]"));
        assertEquals(0, count("[]"));
        assertEquals(1, count(" {\"event\":\"a\",\"properties\":{\"n\":[1,2,3]}}"));
    }

    @Test
    void anythingElseIsMinusOneAndLeftToTheFullPath() {
        assertEquals(-1, count("[{\"event\":\"a\"},"));
        assertEquals(-1, count("{\"event\":"));
        assertEquals(-1, count("\"just a string\""));
        assertEquals(-1, count(""));
        assertEquals(-1, count("[1, 2"));
    }
}
