import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The database ceiling: the writer's own INSERT (EventWriter.INSERT_EVENTS, read from its source) into the same
 * table and indexes, one connection per writer thread, the writer's batch size with one resent batch in ten, no HTTP
 * in front.
 * Usage, from the repository root:
 *   java -cp postgresql.jar bench/analytics/Ceiling.java <jdbc url> <seconds> [connections] [rows per batch]
 */
public class Ceiling {
    // Read from the writer's source rather than copied, so the ceiling always measures the SQL the writer runs.
    static final Path WRITER_SOURCE =
            Path.of("analytics/src/main/java/io/stratus/analytics/pipeline/EventWriter.java");

    static String writerInsertSql() throws IOException {
        String source = Files.readString(WRITER_SOURCE);
        String start = "INSERT_EVENTS = \"\"\"";
        int from = source.indexOf(start);
        int to = source.indexOf("\"\"\";", from);
        if (from < 0 || to < 0) {
            throw new IllegalStateException("no INSERT_EVENTS text block in " + WRITER_SOURCE);
        }
        return source.substring(from + start.length(), to).strip();
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[1]);
        // As many connections as the app has writer threads (stratus.analytics.writer-threads), each its own batches.
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        long[] sent = new long[threads];
        long[] inserted = new long[threads];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                try {
                    fill(args[0], id, batch, end, sent, inserted);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long allSent = java.util.Arrays.stream(sent).sum();
        long allInserted = java.util.Arrays.stream(inserted).sum();
        System.out.printf("database ceiling, %d connection(s), batches of %d: %d rows sent, %d inserted,"
                + " %d duplicates in %.1f s = %.0f rows/s%n", threads, batch, allSent, allInserted,
                allSent - allInserted, elapsed, allSent / elapsed);
        System.out.printf("RESULT ceiling_rows_per_s=%.0f%n", allSent / elapsed);
    }

    static void fill(String url, int thread, int n, long end, long[] sent, long[] inserted) throws Exception {
        UUID project = UUID.randomUUID();
        long now = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            PGConnection pg = c.unwrap(PGConnection.class);
            long batchNo = 0;
            try (PreparedStatement ps = c.prepareStatement(writerInsertSql())) {
                while (System.nanoTime() < end) {
                    long b = batchNo % 10 == 9 ? batchNo - 1 : batchNo;
                    batchNo++;
                    UUID[] projects = new UUID[n];
                    String[] events = new String[n];
                    String[] distinct = new String[n];
                    long[] times = new long[n];
                    String[] ids = new String[n];
                    String[] props = new String[n];
                    long[] received = new long[n];
                    for (int i = 0; i < n; i++) {
                        projects[i] = project;
                        events[i] = "bench";
                        distinct[i] = "u" + i;
                        times[i] = now;
                        ids[i] = "c-" + thread + "-" + b + "-" + i;
                        props[i] = "{\"mp_lib\": \"bench\", \"i\": " + i + "}";
                        received[i] = now;
                    }
                    Array[] arrays = {c.createArrayOf("uuid", projects), c.createArrayOf("text", events),
                        c.createArrayOf("text", distinct), pg.createArrayOf("int8", times),
                        c.createArrayOf("text", ids), c.createArrayOf("text", props),
                        pg.createArrayOf("int8", received)};
                    for (int i = 0; i < arrays.length; i++) {
                        ps.setArray(i + 1, arrays[i]);
                    }
                    inserted[thread] += ps.executeUpdate();
                    sent[thread] += n;
                }
            }
        }
    }
}
