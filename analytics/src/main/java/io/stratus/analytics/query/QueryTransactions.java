package io.stratus.analytics.query;

import io.agroal.api.AgroalDataSource;
import io.stratus.analytics.AnalyticsConfig;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs a query's statements in one read transaction with the configured statement timeout: a slow query answers
 * 503, it never holds a connection for long (spec §6).
 */
@ApplicationScoped
class QueryTransactions {
    interface Work {
        void run(Connection c) throws SQLException;
    }

    private final AgroalDataSource dataSource;
    private final AnalyticsConfig config;

    QueryTransactions(AgroalDataSource dataSource, AnalyticsConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    void run(Work work) {
        run(false, work);
    }

    /** Also raises {@code work_mem} to {@code query-work-mem}, for the hash aggregates and sorts over many users. */
    void runWithWorkMem(Work work) {
        run(true, work);
    }

    private void run(boolean workMem, Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL statement_timeout = " + Math.max(1, config.queryStatementTimeout().toMillis()));
                if (workMem) {
                    st.execute("SET LOCAL work_mem = '" + Math.max(64, config.queryWorkMem().asLongValue() / 1024)
                            + "kB'");
                }
            }
            work.run(c);
            c.commit();
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState())) {
                throw ApiException.unavailable("The query took too long.", 1);
            }
            throw new IllegalStateException("Event statistics query failed", e);
        }
    }
}
