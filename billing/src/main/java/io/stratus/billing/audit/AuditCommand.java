package io.stratus.billing.audit;

import io.stratus.billing.audit.Discrepancy.Kind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The audit from the command line, without the app:
 * <pre>
 * java -cp 'app/target/quarkus-app/lib/main/*' io.stratus.billing.audit.AuditCommand \
 *     --jdbc-url jdbc:postgresql://127.0.0.1:5432/stratus --user postgres --period 2026-10 --report audit.jsonl
 * </pre>
 * Options: {@code --from}/{@code --to} (account range, inclusive), {@code --resume <run id>} (continue a stopped,
 * failed or crashed run from its checkpoint), {@code --report <file>} (JSON lines), {@code --max-rows-per-second}.
 * The connection defaults to {@code QUARKUS_DATASOURCE_JDBC_URL}/{@code _USERNAME}/{@code _PASSWORD}. Progress goes
 * to stderr at each checkpoint; the summary (one JSON object) to stdout. Ctrl-C stops at a checkpoint. Exit code 0
 * when the run completed, 1 when it failed.
 */
public final class AuditCommand {
    private AuditCommand() {
    }

    /** The summary line the command prints. */
    public static String summary(AuditRuns.Run run, Map<Kind, Long> counts, double seconds) {
        StringBuilder out = new StringBuilder("{\"run_id\":\"").append(run.id()).append("\",\"period\":\"")
                .append(run.period()).append("\",\"state\":\"").append(run.state()).append("\",\"accounts\":")
                .append(run.accountsDone()).append(",\"rows\":").append(run.rowsDone())
                .append(String.format(",\"seconds\":%.3f", seconds)).append(",\"discrepancies\":")
                .append(run.discrepancies()).append(",\"counts\":{");
        boolean first = true;
        for (Map.Entry<Kind, Long> count : counts.entrySet()) {
            out.append(first ? "" : ",").append('"').append(count.getKey().id()).append("\":")
                    .append(count.getValue());
            first = false;
        }
        return out.append("}}").toString();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            usage("missing value for " + args[args.length - 1]);
        }
        String url = options.getOrDefault("jdbc-url", System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        String user = options.getOrDefault("user", env("QUARKUS_DATASOURCE_USERNAME", "postgres"));
        String password = options.getOrDefault("password", env("QUARKUS_DATASOURCE_PASSWORD", ""));
        if (url == null || (options.get("period") == null && options.get("resume") == null)) {
            usage("--jdbc-url and --period (or --resume) are required");
        }
        AuditPipeline.Connections connections = () -> DriverManager.getConnection(url, user, password);
        AuditPipeline.Settings settings = AuditPipeline.Settings.defaults();
        if (options.containsKey("max-rows-per-second")) {
            settings = settings.withMaxRowsPerSecond(Long.parseLong(options.get("max-rows-per-second")));
        }
        if (options.containsKey("checkpoint-accounts")) {
            settings = settings.withCheckpointAccounts(Integer.parseInt(options.get("checkpoint-accounts")));
        }
        UUID runId;
        AuditPipeline pipeline;
        try (Connection c = connections.open()) {
            if (options.containsKey("resume")) {
                runId = UUID.fromString(options.get("resume"));
                if (!AuditRuns.claim(c, runId, true)) {
                    usage("no stopped, failed or crashed run " + runId);
                }
            } else {
                runId = AuditRuns.create(c, YearMonth.parse(options.get("period")), uuid(options.get("from")),
                        uuid(options.get("to")));
            }
            pipeline = new AuditPipeline(connections, AuditData.prices(c), settings,
                    (progress, accounts, rows, found) -> System.err.println(progress));
        }
        System.err.println("audit run " + runId);
        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                main.join(30_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        long started = System.nanoTime();
        int exit = 0;
        try {
            pipeline.run(runId, stop);
        } catch (SQLException | RuntimeException e) {
            System.err.println("audit run " + runId + " failed: " + e.getMessage());
            exit = 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        try (Connection c = connections.open()) {
            AuditRuns.Run run = AuditRuns.find(c, runId).orElseThrow();
            if (options.containsKey("report")) {
                try (Writer out = new BufferedWriter(Files.newBufferedWriter(Path.of(options.get("report")),
                        StandardCharsets.UTF_8))) {
                    AuditRuns.writeReport(c, runId, out);
                } catch (IOException e) {
                    System.err.println("cannot write the report: " + e.getMessage());
                    exit = 1;
                }
            }
            System.out.println(summary(run, AuditRuns.counts(c, runId), seconds));
        }
        if (stop.get()) {
            return; // stopped by a signal: the JVM is already shutting down and waits for this thread
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(exit);
    }

    private static UUID uuid(String value) {
        return value == null ? null : UUID.fromString(value);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static void usage(String problem) {
        System.err.println("AuditCommand: " + problem + "\nusage: AuditCommand --jdbc-url URL [--user U] "
                + "[--password P] (--period YYYY-MM [--from UUID] [--to UUID] | --resume RUN_ID) [--report FILE] "
                + "[--max-rows-per-second N] [--checkpoint-accounts N]");
        System.exit(2);
    }
}
