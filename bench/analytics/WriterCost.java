import io.stratus.analytics.pipeline.Rollups;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * Where the writer's time goes next to the ceiling: the writer's SQL (read from the compiled EventWriter) in three
 * steps, each for a few seconds with batches of 1000 (one resent in ten), no HTTP in front. Prints, per row, the
 * CPU of the PostgreSQL backend (/proc, so load on other cores does not inflate it), the client's CPU, and the
 * wall time from the end of the INSERT to the end of the commit (rollups, their row locks, the commit itself).
 *   plain      the INSERT alone, autocommit (what Ceiling.java runs)
 *   returning  + RETURNING of the inserted rows, read into a rollup batch, one transaction
 *   full       + the rollup upsert in the same transaction (what EventWriter.insert runs)
 * Usage, from the repository root, after a build and on a database app has migrated:
 *   java -cp 'app/target/quarkus-app/lib/main/*:app/target/quarkus-app/lib/boot/*' bench/analytics/WriterCost.java <jdbc url> [seconds] [connections]
 */
public class WriterCost {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Class<?> writer = Class.forName("io.stratus.analytics.pipeline.EventWriter");
        String insert = constant(writer, "INSERT_EVENTS");
        String returning = insert + constant(writer, "RETURNING_INSERTED");
        System.out.printf("load average before: %s", Files.readString(Path.of("/proc/loadavg")));
        for (int round = 0; round < 2; round++) {
            for (String mode : new String[] {"plain", "returning", "full"}) {
                run(url, mode, mode.equals("plain") ? insert : returning, seconds, threads);
            }
        }
        System.out.printf("load average after: %s", Files.readString(Path.of("/proc/loadavg")));
    }

    static String constant(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(null);
    }

    static void run(String url, String mode, String sql, int seconds, int threads) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        long[][] results = new long[threads][];
        Thread[] workers = new Thread[threads];
        UUID project = UUID.randomUUID();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                try {
                    results[id] = fill(url, mode, sql, id, end, project);
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
        long rows = 0, backendTicks = 0, clientNanos = 0, afterInsertNanos = 0;
        for (long[] r : results) {
            rows += r[0];
            backendTicks += r[1];
            clientNanos += r[2];
            afterInsertNanos += r[3];
        }
        System.out.printf("%-9s %7.0f rows/s  backend CPU %5.1f us/row  client CPU %4.1f us/row  "
                + "insert end to commit %5.1f us/row (wall, per connection)%n", mode, rows / elapsed,
                backendTicks * 10_000.0 / rows, clientNanos / 1000.0 / rows, afterInsertNanos / 1000.0 / rows);
    }

    /** Returns rows sent, backend CPU ticks (1/100 s), client CPU ns, wall ns from the INSERT's end to commit. */
    static long[] fill(String url, String mode, String sql, int thread, long end, UUID project) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int n = 1000;
        long now = System.currentTimeMillis();
        String run = Long.toString(System.nanoTime(), 36);
        long sent = 0, afterInsert = 0, batchNo = 0;
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            PGConnection pg = c.unwrap(PGConnection.class);
            int backend;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backend = rs.getInt(1);
            }
            long ticks0 = backendTicks(backend);
            long cpu0 = mx.getCurrentThreadCpuTime();
            c.setAutoCommit(mode.equals("plain"));
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
                    events[i] = "bench batch";
                    distinct[i] = "u" + (i % 50);
                    times[i] = now;
                    ids[i] = run + "-" + thread + "-" + b + "-" + i;
                    props[i] = "{\"plan\": \"pro\", \"i\": " + i + "}";
                    received[i] = now;
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    Array[] arrays = {c.createArrayOf("uuid", projects), c.createArrayOf("text", events),
                        c.createArrayOf("text", distinct), pg.createArrayOf("int8", times),
                        c.createArrayOf("text", ids), c.createArrayOf("text", props),
                        pg.createArrayOf("int8", received)};
                    for (int i = 0; i < arrays.length; i++) {
                        ps.setArray(i + 1, arrays[i]);
                    }
                    if (mode.equals("plain")) {
                        ps.executeUpdate();
                    } else {
                        Rollups.Batch rollup = new Rollups.Batch();
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rollup.add(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3),
                                        rs.getString(4));
                            }
                        }
                        long t0 = System.nanoTime();
                        if (mode.equals("full")) {
                            rollup.write(c);
                        }
                        c.commit();
                        afterInsert += System.nanoTime() - t0;
                    }
                }
                sent += n;
            }
            return new long[] {sent, backendTicks(backend) - ticks0, mx.getCurrentThreadCpuTime() - cpu0, afterInsert};
        }
    }

    static long backendTicks(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }
}
