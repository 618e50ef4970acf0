package io.stratus.billing.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratus.billing.audit.AuditDataGenerator.Dataset;
import io.stratus.billing.audit.AuditDataGenerator.Spec;
import io.stratus.billing.audit.Discrepancy.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The streaming audit end to end on generated datasets in the real PostgreSQL (issue 9's tests). */
class AuditPipelineTest {
    private static final YearMonth PERIOD = YearMonth.of(2026, 10);

    @Test
    void aCleanDatasetHasNoDiscrepancies() throws Exception {
        Dataset data = generate(new Spec(101, 300, 2, PERIOD, 0));

        AuditPipeline.Outcome outcome = audit(data, AuditPipeline.Settings.defaults());

        assertEquals("completed", outcome.state());
        assertEquals(300, outcome.progress().accountsDone());
        assertEquals(0, outcome.progress().discrepancies());
        assertTrue(data.lines() > 300 * 2 * 2, "the dataset has lines: " + data.lines());
    }

    @Test
    void reportsEachInjectedFaultWhereItWasInjectedAndNothingElse() throws Exception {
        Dataset data = generate(new Spec(202, 800, 3, PERIOD, 4));
        for (Map.Entry<Kind, Long> count : data.faultCounts().entrySet()) {
            assertEquals(4L, count.getValue(), "injected " + count.getKey());
        }

        UUID run = create(data);
        // Small chunks and checkpoints, so the run crosses many of them.
        pipeline(AuditPipeline.Settings.defaults().withCheckpointAccounts(37)).run(run, new AtomicBoolean());

        assertEquals(new HashSet<>(data.faults()), AuditDb.found(run));
        assertEquals(data.faults().size(), AuditDb.report(run).size(), "no fault reported twice");
        try (Connection c = AuditDb.open()) {
            assertEquals(800, AuditRuns.find(c, run).orElseThrow().accountsDone());
        }
    }

    @Test
    void aRunKilledMidwayAndResumedReportsWhatAnUninterruptedRunReports() throws Exception {
        Dataset data = generate(new Spec(303, 800, 2, PERIOD, 3));
        UUID uninterrupted = create(data);
        pipeline(AuditPipeline.Settings.defaults()).run(uninterrupted, new AtomicBoolean());
        long rowsTotal;
        try (Connection c = AuditDb.open()) {
            rowsTotal = AuditRuns.find(c, uninterrupted).orElseThrow().rowsDone();
        }

        Set<UUID> earlier = new HashSet<>(); // runs of this dataset left by earlier test runs in the same database
        try (Connection c = AuditDb.open(); var ps = c.prepareStatement(
                "select id from billing.audit_runs where account_from = ?")) {
            ps.setObject(1, data.from());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    earlier.add(rs.getObject(1, UUID.class));
                }
            }
        }
        // The command line in its own JVM, throttled to about 4 s, killed with SIGKILL after some checkpoints.
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AuditCommand.class.getName(),
                "--jdbc-url", AuditDb.URL, "--user", AuditDb.USER, "--password", AuditDb.PASSWORD,
                "--period", PERIOD.toString(), "--from", data.from().toString(), "--to", data.to().toString(),
                "--max-rows-per-second", Long.toString(rowsTotal / 4), "--checkpoint-accounts", "50")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        UUID killed = null;
        long accountsAtKill = 0;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && accountsAtKill < 200) {
                Thread.sleep(50);
                try (Connection c = AuditDb.open(); var ps = c.prepareStatement("""
                        select id, accounts_done from billing.audit_runs where account_from = ? and id <> all(?)
                        order by started_at desc limit 1""")) {
                    earlier.add(uninterrupted);
                    ps.setObject(1, data.from());
                    ps.setArray(2, c.createArrayOf("uuid", earlier.toArray()));
                    try (var rs = ps.executeQuery()) {
                        if (rs.next()) {
                            killed = rs.getObject(1, UUID.class);
                            accountsAtKill = rs.getLong(2);
                        }
                    }
                }
            }
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Connection c = AuditDb.open()) {
            AuditRuns.Run atKill = AuditRuns.find(c, killed).orElseThrow();
            assertEquals("running", atKill.state(), "a killed run cannot say it stopped");
            assertTrue(atKill.accountsDone() >= 200 && atKill.accountsDone() < 800,
                    "killed midway: " + atKill.accountsDone());
            assertTrue(AuditRuns.claim(c, killed, true));
        }

        AuditPipeline.Outcome resumed = pipeline(AuditPipeline.Settings.defaults()).run(killed, new AtomicBoolean());

        assertEquals("completed", resumed.state());
        assertEquals(800, resumed.progress().accountsDone());
        assertEquals(rowsTotal, resumed.progress().rowsDone());
        List<Discrepancy> expected = AuditDb.report(uninterrupted);
        assertEquals(expected, AuditDb.report(killed));
        assertEquals(new HashSet<>(data.faults()), AuditDb.found(killed));
    }

    @Test
    void aStoppedRunResumesFromItsCheckpoint() throws Exception {
        Dataset data = generate(new Spec(404, 400, 2, PERIOD, 2));
        UUID run = create(data);
        AtomicBoolean stop = new AtomicBoolean(true);

        AuditPipeline.Outcome stopped = pipeline(AuditPipeline.Settings.defaults()).run(run, stop);
        assertEquals("stopped", stopped.state());
        try (Connection c = AuditDb.open()) {
            assertTrue(AuditRuns.claim(c, run, false));
        }
        AuditPipeline.Outcome outcome = pipeline(AuditPipeline.Settings.defaults()).run(run, new AtomicBoolean());

        assertEquals("completed", outcome.state());
        assertEquals(400, outcome.progress().accountsDone());
        assertEquals(new HashSet<>(data.faults()), AuditDb.found(run));
    }

    @Test
    void ordersAccountsAsPostgresqlDoes() throws Exception {
        UUID low = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
        UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
        assertTrue(low.compareTo(high) > 0, "Java's signed order differs");
        assertTrue(AuditPipeline.compare(low, high) < 0);
        try (Connection c = AuditDb.open(); var ps = c.prepareStatement("select ?::uuid < ?::uuid")) {
            ps.setObject(1, low);
            ps.setObject(2, high);
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertTrue(rs.getBoolean(1));
            }
        }
    }

    static Dataset generate(Spec spec) throws Exception {
        return new AuditDataGenerator(AuditDb::open).generate(spec);
    }

    static UUID create(Dataset data) throws Exception {
        try (Connection c = AuditDb.open()) {
            return AuditRuns.create(c, data.spec().period(), data.from(), data.to());
        }
    }

    private static AuditPipeline.Outcome audit(Dataset data, AuditPipeline.Settings settings) throws Exception {
        return pipeline(settings).run(create(data), new AtomicBoolean());
    }

    private static AuditPipeline pipeline(AuditPipeline.Settings settings) throws Exception {
        try (Connection c = AuditDb.open()) {
            return new AuditPipeline(AuditDb::open, AuditData.prices(c), settings, (p, a, r, f) -> { });
        }
    }
}
