import io.stratus.billing.audit.AuditDataGenerator;
import io.stratus.billing.audit.AuditDataGenerator.Dataset;
import io.stratus.billing.audit.AuditDataGenerator.Fault;
import io.stratus.billing.audit.AuditDataGenerator.Spec;
import io.stratus.billing.audit.AuditPipeline;
import io.stratus.billing.audit.AuditRuns;
import io.stratus.billing.audit.Discrepancy;
import io.stratus.billing.audit.NaiveAudit;
import java.io.StringWriter;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.flywaydb.core.Flyway;

/**
 * bench/audit (issue 9): generates the dataset with known faults, runs the streaming audit (and again on 4x the
 * data), the naive baseline, and checks that every injected fault is found and nothing else. Run by run.sh.
 */
public class AuditBench {
    static final YearMonth PERIOD = YearMonth.of(2026, 10);
    static final String URL = System.getenv().getOrDefault("BENCH_JDBC_URL",
            "jdbc:postgresql://127.0.0.1:5432/stratus_bench_audit");
    static boolean ok = true;

    public static void main(String[] args) throws Exception {
        int accounts = Integer.parseInt(env("BENCH_ACCOUNTS", "100000"));
        int faults = Integer.parseInt(env("BENCH_FAULTS", "1000"));
        boolean fourTimes = !env("BENCH_4X", "1").equals("0");
        int naiveAccounts = Integer.parseInt(env("BENCH_NAIVE_ACCOUNTS", "10000"));
        Flyway.configure().dataSource(URL, "postgres", "").schemas("billing").locations("db/billing").load()
                .migrate();
        System.out.printf("bench/audit: heap max %d MiB, %d CPUs, load average %s%n",
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(), load());

        Dataset base = generate(new Spec(9, accounts, 3, PERIOD, faults));
        Result streaming = stream(base, "1x");
        naive(base, naiveAccounts, streaming);
        if (fourTimes) {
            Dataset big = generate(new Spec(10, accounts * 4, 3, PERIOD, faults));
            Result bigger = stream(big, "4x");
            System.out.printf("4x data: %.1fx the rows in %.1fx the time; peak heap %d MiB vs %d MiB (after a GC "
                            + "%d vs %d MiB) with the same -Xmx%n", (double) bigger.rows / streaming.rows,
                    bigger.seconds / streaming.seconds, bigger.peakHeapMb, streaming.peakHeapMb, bigger.liveMb,
                    streaming.liveMb);
        }
        System.out.printf("load average at the end: %s%n", load());
        System.out.println(ok ? "bench/audit: all checks passed" : "bench/audit: CHECKS FAILED");
        System.exit(ok ? 0 : 1);
    }

    record Result(double seconds, long rows, double rowsPerSecond, long peakHeapMb, long liveMb) {
    }

    static Dataset generate(Spec spec) throws Exception {
        long t = System.nanoTime();
        Dataset d = new AuditDataGenerator(AuditBench::connect).generate(spec);
        System.out.printf("generated %,d accounts x %d apps: %,d usage events, %,d invoices, %,d lines, %,d credits, "
                        + "faults %s in %.1f s (load %s)%n", spec.accounts(), spec.appsPerAccount(), d.events(),
                d.invoices(), d.lines(), d.credits(), d.faultCounts(), (System.nanoTime() - t) / 1e9, load());
        return d;
    }

    static Result stream(Dataset data, String label) throws Exception {
        UUID run;
        AuditPipeline pipeline;
        try (Connection c = connect()) {
            run = AuditRuns.create(c, PERIOD, data.from(), data.to());
            pipeline = new AuditPipeline(AuditBench::connect, NaiveAudit.prices(c),
                    AuditPipeline.Settings.defaults(), (p, a, r, f) -> { });
        }
        HeapWatch heap = new HeapWatch();
        long t = System.nanoTime();
        AuditPipeline.Outcome outcome = pipeline.run(run, new AtomicBoolean());
        double seconds = (System.nanoTime() - t) / 1e9;
        heap.stop();
        long rows = outcome.progress().rowsDone();
        System.out.printf("streaming audit %s: %,d accounts, %,d rows in %.1f s = %,.0f rows/s; peak heap %d MiB "
                        + "(after a GC at most %d MiB); load %s%n", label, outcome.progress().accountsDone(), rows,
                seconds, rows / seconds, heap.peakMb(), heap.liveMb(), load());
        Set<Fault> found = new HashSet<>();
        try (Connection c = connect()) {
            StringWriter report = new StringWriter();
            AuditRuns.writeReport(c, run, report);
            Path file = Path.of("bench/audit/target/report-" + label + ".jsonl");
            Files.writeString(file, report.toString());
            for (Discrepancy d : reportOf(c, run)) {
                found.add(new Fault(d.kind(), d.accountId(), AuditDataGenerator.where(d)));
            }
        }
        check(label + " streaming", data.faults(), found);
        return new Result(seconds, rows, rows / seconds, heap.peakMb(), heap.liveMb());
    }

    static void naive(Dataset data, int sample, Result streaming) throws Exception {
        try (Connection c = connect()) {
            NaiveAudit naive = new NaiveAudit(c, PERIOD);
            long t = System.nanoTime();
            List<UUID> accounts = naive.accounts(data.from(), data.to());
            if (sample < accounts.size()) {
                accounts = accounts.subList(0, sample);
            }
            Set<UUID> sampled = new HashSet<>(accounts);
            Set<Fault> found = new HashSet<>();
            for (UUID account : accounts) {
                for (Discrepancy d : naive.audit(account)) {
                    found.add(new Fault(d.kind(), d.accountId(), AuditDataGenerator.where(d)));
                }
            }
            double seconds = (System.nanoTime() - t) / 1e9;
            double rate = naive.rows() / seconds;
            System.out.printf("naive baseline (one thread, 3 queries per account) on %,d accounts: %,d rows in %.1f s = "
                            + "%,.0f rows/s; load %s%n", accounts.size(), naive.rows(), seconds, rate, load());
            System.out.printf("speed-up of the streaming audit over the naive one: %.1fx (rows/s; goal >= 5x)%n",
                    streaming.rowsPerSecond / rate);
            if (streaming.rowsPerSecond / rate < 5) {
                System.out.println("  below the 5x goal");
            }
            List<Fault> expected = new ArrayList<>();
            for (Fault f : data.faults()) {
                if (sampled.contains(f.accountId())) {
                    expected.add(f);
                }
            }
            check("naive (sampled accounts)", expected, found);
        }
    }

    static void check(String what, List<Fault> injected, Set<Fault> found) {
        Set<Fault> missed = new HashSet<>(injected);
        missed.removeAll(found);
        Set<Fault> falseAlarms = new HashSet<>(found);
        falseAlarms.removeAll(new HashSet<>(injected));
        System.out.printf("  %s: faults found %,d / injected %,d, false alarms %,d%n", what,
                injected.size() - missed.size(), injected.size(), falseAlarms.size());
        if (!missed.isEmpty() || !falseAlarms.isEmpty()) {
            ok = false;
            missed.stream().limit(5).forEach(f -> System.out.println("    missed " + f));
            falseAlarms.stream().limit(5).forEach(f -> System.out.println("    false alarm " + f));
        }
    }

    static List<Discrepancy> reportOf(Connection c, UUID run) throws Exception {
        List<Discrepancy> found = new ArrayList<>();
        try (var ps = c.prepareStatement("select kind, account_id, line, credit_id, field from "
                + "billing.audit_discrepancies where run_id = ? order by seq")) {
            ps.setObject(1, run);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Discrepancy(Discrepancy.Kind.of(rs.getString(1)), rs.getObject(2, UUID.class),
                            null, null, rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5), null, null));
                }
            }
        }
        return found;
    }

    /**
     * Heap while the audit runs: the most in use at any moment (garbage included, so it grows towards -Xmx rather
     * than with the data), and the most in use right after a collection.
     */
    static final class HeapWatch {
        private final AtomicLong live = new AtomicLong();
        private final List<NotificationEmitter> emitters = new ArrayList<>();
        private final NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                long used = 0;
                for (MemoryPoolMXBean pool : heapPools()) {
                    MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                    used += after == null ? 0 : after.getUsed();
                }
                live.accumulateAndGet(used, Math::max);
            }
        };

        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean sampling = new AtomicBoolean(true);
        private final Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        HeapWatch() {
            System.gc();
            sampler.setDaemon(true);
            sampler.start();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    emitters.add(emitter);
                }
            }
        }

        void stop() throws Exception {
            sampling.set(false);
            sampler.join();
            for (NotificationEmitter emitter : emitters) {
                emitter.removeNotificationListener(listener);
            }
        }

        /** The most heap in use at any sample (every 5 ms), garbage included. */
        long peakMb() {
            return peak.get() >> 20;
        }

        long liveMb() {
            return live.get() >> 20;
        }

        private static List<MemoryPoolMXBean> heapPools() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .toList();
        }
    }

    static Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection(URL, "postgres", "");
    }

    static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }

    static String load() throws Exception {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }
}
