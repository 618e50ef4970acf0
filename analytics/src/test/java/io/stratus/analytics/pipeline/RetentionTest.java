package io.stratus.analytics.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stratus.analytics.LimitsProfile;
import io.stratus.analytics.StoredEvents;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/** Retention (spec §5) with {@code retention-days=30}: older day partitions go, and so do older DEFAULT rows. */
@QuarkusTest
@TestProfile(LimitsProfile.class)
class RetentionTest {
    @Inject
    AgroalDataSource db;

    @Inject
    @Readiness
    IngestPipeline pipeline;

    @Test
    void dropsDayPartitionsAndDefaultRowsOlderThanTheRetention() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate old = today.minusDays(40);
        String partition = "analytics.events_" + old.format(DateTimeFormatter.BASIC_ISO_DATE);
        UUID project = UUID.randomUUID();
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            // Rows another test may have left in DEFAULT for that day would stop the partition's creation.
            st.execute("DELETE FROM analytics.events_default WHERE time >= '" + old + "T00:00:00Z' AND time < '"
                    + old.plusDays(1) + "T00:00:00Z'");
            st.execute("CREATE TABLE IF NOT EXISTS " + partition + " PARTITION OF analytics.events FOR VALUES FROM ('"
                    + old + "T00:00:00Z') TO ('" + old.plusDays(1) + "T00:00:00Z')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO analytics.events (project_id, event, "
                    + "distinct_id, time, insert_id, properties, received_at) VALUES (?, 'e', 'u', now() - ?::interval,"
                    + " ?, '{}', now())")) {
                for (String[] row : new String[][] {{"40 days 1 hour", "in-old-partition"},
                        {"400 days", "old-in-default"}, {"10 days", "kept-in-default"}, {"1 hour", "kept-today"}}) {
                    ps.setObject(1, project);
                    ps.setString(2, row[0]);
                    ps.setString(3, row[1]);
                    ps.executeUpdate();
                }
            }
        }
        assertEquals(4, StoredEvents.count(db, project));

        pipeline.maintainPartitions();

        assertEquals(0, StoredEvents.queryLong(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = 'analytics' AND c.relname = ?",
                partition.substring("analytics.".length())));
        assertEquals(2, StoredEvents.count(db, project));
        assertEquals(1, StoredEvents.queryLong(db, "SELECT count(*) FROM analytics.events WHERE project_id = ? "
                + "AND insert_id = 'kept-in-default'", project));
        // Today's partition and those ahead are still there.
        assertEquals(1, StoredEvents.queryLong(db, "SELECT count(*) FROM pg_class WHERE relname = ?",
                "events_" + today.plusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE)));
    }
}
