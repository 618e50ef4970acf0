package io.stratus.billing.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stratus.billing.audit.Discrepancy.Kind;
import io.stratus.billing.calculator.InvoiceCalculator;
import io.stratus.billing.price.PriceService;
import io.stratus.common.error.ApiException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts, stops and resumes audit runs in this process and reports on them. A run streams on its own threads and
 * its own JDBC connections (four for the run's length), so it neither blocks a request thread nor holds connections
 * of the request pool. Metrics: {@code stratus.billing.audit.accounts}, {@code .rows},
 * {@code .discrepancies} (tag {@code kind}), {@code .runs} (tag {@code outcome}) and the gauge
 * {@code stratus.billing.audit.rows.per.second} of the latest checkpoint.
 */
@ApplicationScoped
public class AuditService {
    private static final Logger LOG = Logger.getLogger(AuditService.class);
    /** A run still "running" whose checkpoint is older than this belongs to a process that died. */
    private static final int STALE_SECONDS = 60;

    private final PriceService prices;
    private final MeterRegistry registry;
    private final Clock clock;
    private final String url;
    private final String user;
    private final String password;
    private final Map<UUID, Active> active = new ConcurrentHashMap<>();
    private final Counter accounts;
    private final Counter rows;
    private final Map<Kind, Counter> found = new EnumMap<>(Kind.class);
    private final AtomicReference<Double> rowsPerSecond = new AtomicReference<>(0.0);

    AuditService(PriceService prices, MeterRegistry registry, Clock clock,
                 @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                 @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                 @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.prices = prices;
        this.registry = registry;
        this.clock = clock;
        this.url = url;
        this.user = user.orElse("");
        this.password = password.orElse("");
        this.accounts = registry.counter("stratus.billing.audit.accounts");
        this.rows = registry.counter("stratus.billing.audit.rows");
        for (Kind kind : Kind.values()) {
            found.put(kind, registry.counter("stratus.billing.audit.discrepancies", "kind", kind.id()));
        }
        registry.gauge("stratus.billing.audit.rows.per.second", rowsPerSecond, AtomicReference::get);
    }

    private record Active(AtomicBoolean stop, AtomicReference<AuditPipeline.Progress> progress) {
    }

    public AuditRunResponse start(StartAuditRequest request) {
        YearMonth period = YearMonth.parse(request.period());
        if (InvoiceCalculator.end(period).isAfter(clock.instant())) {
            throw ApiException.invalid("Period " + period + " has not ended yet; only invoiced months are audited.");
        }
        if (request.accountFrom() != null && request.accountTo() != null
                && AuditPipeline.compare(request.accountFrom(), request.accountTo()) > 0) {
            throw ApiException.invalid("account_from must not be after account_to.");
        }
        UUID id = jdbc(c -> AuditRuns.create(c, period, request.accountFrom(), request.accountTo()));
        launch(id);
        return status(id);
    }

    public AuditRunResponse resume(UUID id) {
        find(id);
        if (active.containsKey(id)) {
            throw ApiException.conflict("Audit run " + id + " is running.");
        }
        boolean claimed = jdbc(c -> {
            try (var ps = c.prepareStatement("""
                    update billing.audit_runs set state = 'running', error = null, updated_at = now()
                    where id = ? and (state in ('stopped', 'failed')
                        or (state = 'running' and updated_at < now() - make_interval(secs => ?)))""")) {
                ps.setObject(1, id);
                ps.setInt(2, STALE_SECONDS);
                return ps.executeUpdate() == 1;
            }
        });
        if (!claimed) {
            throw ApiException.conflict("Audit run " + id + " is completed or still running elsewhere.");
        }
        launch(id);
        return status(id);
    }

    public AuditRunResponse stop(UUID id) {
        find(id);
        Active run = active.get(id);
        if (run == null) {
            throw ApiException.conflict("Audit run " + id + " is not running in this instance.");
        }
        run.stop().set(true);
        return status(id);
    }

    public AuditRunResponse status(UUID id) {
        AuditRuns.Run run = find(id);
        Map<Kind, Long> counts = jdbc(c -> AuditRuns.counts(c, id));
        Map<String, Long> byKind = new LinkedHashMap<>();
        counts.forEach((kind, n) -> byKind.put(kind.id(), n));
        Active live = active.get(id);
        AuditPipeline.Progress progress = live == null ? null : live.progress().get();
        Double rate = progress == null ? null : Math.round(progress.rowsPerSecond() * 10) / 10.0;
        Long eta = progress == null || progress.eta() == null ? null : progress.eta().toSeconds();
        return new AuditRunResponse(run.id(), run.period().toString(), run.state(), run.accountFrom(), run.accountTo(),
                run.accountsDone(), run.rowsDone(), run.rowsTotal(), rate, eta, run.discrepancies(), byKind,
                run.error(), run.startedAt(), run.updatedAt(), run.finishedAt());
    }

    /** Streams the run's JSON lines report (what is committed so far while it runs). */
    public void report(UUID id, Writer out) throws IOException {
        find(id);
        try (Connection c = connect()) {
            AuditRuns.writeReport(c, id, out);
        } catch (SQLException e) {
            throw new IllegalStateException("Database failure (SQLState " + e.getSQLState() + ")", e);
        }
    }

    public AuditRuns.Run find(UUID id) {
        return jdbc(c -> AuditRuns.find(c, id))
                .orElseThrow(() -> ApiException.notFound("No audit run " + id + "."));
    }

    private void launch(UUID id) {
        Active run = new Active(new AtomicBoolean(), new AtomicReference<>());
        active.put(id, run);
        AuditPipeline pipeline = new AuditPipeline(this::connect, prices.current(), AuditPipeline.Settings.defaults(),
                (progress, accountsDelta, rowsDelta, foundDelta) -> {
                    run.progress().set(progress);
                    rowsPerSecond.set(progress.rowsPerSecond());
                    accounts.increment(accountsDelta);
                    rows.increment(rowsDelta);
                    foundDelta.forEach((kind, n) -> found.get(kind).increment(n));
                });
        Thread thread = new Thread(() -> {
            String outcome = "failed";
            try {
                outcome = pipeline.run(id, run.stop()).state();
            } catch (SQLException | RuntimeException e) {
                LOG.errorf(e, "audit run %s failed", id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                active.remove(id);
                registry.counter("stratus.billing.audit.runs", "outcome", outcome).increment();
            }
        }, "audit-" + id);
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stopAll() {
        // Shutting down: each run checkpoints and stops, so it can be resumed.
        active.values().forEach(run -> run.stop().set(true));
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T jdbc(Work<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Database failure (SQLState " + e.getSQLState() + ")", e);
        }
    }
}
