import io.stratus.analytics.pipeline.Rollups;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Seeded dataset for bench/analytics-query: one project, EVENTS events of 50 names (Zipf-weighted) by 100,000
 * users (skewed towards low ids) over the 30 UTC days before today, loaded with COPY, then the writer's rollups
 * rebuilt from them with the writer's own code (Rollups.rebuild). The events table's indexes are dropped for the
 * COPY and recreated after it from their own definitions (pg_indexes), so the end state is exactly the schema the
 * migrations made: maintaining three btrees row by row made the COPY take ~1,900 s, one sort per index does not.
 * Usage: java -cp <pgjdbc>:<analytics classes>:<hash4j> Generate.java <jdbc url> <project id> <owner id> <events>
 */
public class Generate {
    static final String[] PLANS = {"free", "pro", "team"};
    static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "IN", "BR", "JP", "PL"};

    public static void main(String[] args) throws Exception {
        String url = args[0];
        UUID project = UUID.fromString(args[1]);
        UUID owner = UUID.fromString(args[2]);
        long total = Long.parseLong(args[3]);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long end = today.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long start = end - 30L * 86_400_000L;
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM analytics.events WHERE project_id = ?")) {
                ps.setObject(1, project);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == total) {
                        System.out.printf("dataset present: %d events%n", total);
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                for (LocalDate day = today.minusDays(30); day.isBefore(today.plusDays(1)); day = day.plusDays(1)) {
                    st.execute("CREATE TABLE IF NOT EXISTS analytics.events_" + day.toString().replace("-", "")
                            + " PARTITION OF analytics.events FOR VALUES FROM ('" + day + "T00:00:00Z') TO ('"
                            + day.plusDays(1) + "T00:00:00Z')");
                }
                st.execute("DELETE FROM analytics.events WHERE project_id = '" + project + "'");
                st.execute("INSERT INTO analytics.projects (id, owner_id, name, token, secret_hash, created_at) "
                        + "VALUES ('" + project + "', '" + owner + "', 'bench', md5(random()::text), "
                        + "md5(random()::text), now()) ON CONFLICT DO NOTHING");
            }
            List<String> names = new ArrayList<>();
            List<String> indexes = new ArrayList<>();
            try (Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT indexname, indexdef FROM pg_indexes "
                        + "WHERE schemaname = 'analytics' AND tablename = 'events' ORDER BY indexname")) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                        // A partitioned table's definition says ON ONLY, which would create no partition's index.
                        indexes.add(rs.getString(2).replace(" ON ONLY ", " ON "));
                    }
                }
                if (indexes.isEmpty()) {
                    throw new IllegalStateException("analytics.events has no indexes (an interrupted seeding?): "
                            + "delete bench/analytics-query/target/pgdata and rerun");
                }
                for (String name : names) {
                    st.execute("DROP INDEX analytics." + name);
                }
            }
            double[] cumulative = new double[50];
            double harmonic = 0;
            for (int i = 0; i < 50; i++) {
                harmonic += 1.0 / (i + 1);
                cumulative[i] = harmonic;
            }
            double sum = harmonic;
            long t0 = System.nanoTime();
            Random random = new Random(7);
            long[] produced = {0};
            Reader rows = new Reader() {
                private final StringBuilder buffer = new StringBuilder();
                private int pos;

                @Override
                public int read(char[] cbuf, int off, int len) {
                    while (buffer.length() - pos < len && produced[0] < total) {
                        if (pos > 0) {
                            buffer.delete(0, pos);
                            pos = 0;
                        }
                        for (int k = 0; k < 1000 && produced[0] < total; k++) {
                            long i = produced[0]++;
                            double u = random.nextDouble();
                            int user = (int) (100_000 * u * u);
                            double pick = random.nextDouble() * sum;
                            int event = 0;
                            while (cumulative[event] < pick) {
                                event++;
                            }
                            long time = start + (long) (random.nextDouble() * (end - start));
                            String ts = Instant.ofEpochMilli(time).toString();
                            buffer.append(project).append('\t').append(String.format("e%02d", event)).append('\t')
                                    .append('u').append(user).append('\t').append(ts).append('\t').append('g')
                                    .append(i).append('\t').append("{\"plan\": \"").append(PLANS[user % 3])
                                    .append("\", \"country\": \"").append(COUNTRIES[user % 8]).append("\", \"n\": ")
                                    .append(random.nextInt(100)).append("}\t").append(ts).append('\n');
                        }
                    }
                    int n = Math.min(len, buffer.length() - pos);
                    if (n <= 0) {
                        return -1;
                    }
                    buffer.getChars(pos, pos + n, cbuf, off);
                    pos += n;
                    return n;
                }

                @Override
                public void close() throws IOException {
                }
            };
            long copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY analytics.events "
                    + "(project_id, event, distinct_id, time, insert_id, properties, received_at) FROM STDIN", rows);
            System.out.printf("copied %d events in %.0f s%n", copied, (System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            try (Statement st = c.createStatement()) {
                st.execute("SET maintenance_work_mem = '512MB'");
                for (String index : indexes) {
                    st.execute(index);
                }
            }
            System.out.printf("%d indexes recreated in %.0f s%n", indexes.size(), (System.nanoTime() - t1) / 1e9);
            t1 = System.nanoTime();
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE analytics.events");
            }
            System.out.printf("vacuum analyze in %.0f s%n", (System.nanoTime() - t1) / 1e9);
            long t2 = System.nanoTime();
            c.setAutoCommit(false);
            long rolled = Rollups.rebuild(c, project);
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("VACUUM ANALYZE analytics.event_rollups");
            }
            System.out.printf("rollups rebuilt from %d events in %.0f s%n", rolled, (System.nanoTime() - t2) / 1e9);
        }
    }
}
