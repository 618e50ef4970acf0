package io.stratus.billing.audit;

import io.stratus.billing.audit.AuditDataGenerator.Fault;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;

/** The test database (QUARKUS_DATASOURCE_*, as test.sh sets them) with billing's migrations applied. */
final class AuditDb {
    static final String URL = env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/stratus_test");
    static final String USER = env("QUARKUS_DATASOURCE_USERNAME", "postgres");
    static final String PASSWORD = env("QUARKUS_DATASOURCE_PASSWORD", "");
    private static boolean migrated;

    private AuditDb() {
    }

    static synchronized Connection open() throws SQLException {
        if (!migrated) {
            // The same history Quarkus keeps (quarkus.flyway.billing.*), so either may migrate first.
            Flyway.configure().dataSource(URL, USER, PASSWORD).schemas("billing").locations("db/billing").load()
                    .migrate();
            migrated = true;
        }
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        if (!PASSWORD.isEmpty()) {
            properties.setProperty("password", PASSWORD);
        }
        return DriverManager.getConnection(URL, properties);
    }

    /** The report of a run as (kind, account, where) triples, comparable with the injected faults. */
    static Set<Fault> found(UUID runId) throws Exception {
        return report(runId).stream().map(d -> new Fault(d.kind(), d.accountId(), AuditDataGenerator.where(d)))
                .collect(Collectors.toSet());
    }

    /** The run's discrepancies in report order. */
    static List<Discrepancy> report(UUID runId) throws Exception {
        List<Discrepancy> found = new ArrayList<>();
        try (Connection c = open(); var ps = c.prepareStatement("""
                select kind, account_id, invoice_id, invoice_number, line, credit_id, field, expected_cents,
                       actual_cents from billing.audit_discrepancies where run_id = ? order by seq""")) {
            ps.setObject(1, runId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Discrepancy(Discrepancy.Kind.of(rs.getString(1)), rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class), (Long) rs.getObject(4), rs.getString(5),
                            rs.getObject(6, UUID.class), rs.getString(7), (Long) rs.getObject(8),
                            (Long) rs.getObject(9)));
                }
            }
        }
        return found;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
