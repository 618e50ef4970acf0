package io.stratus.billing.audit;

import io.stratus.billing.calculator.PriceList;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** Reads what the audit needs outside the pipeline when no CDI bean is at hand (command line, generator). */
final class AuditData {
    private AuditData() {
    }

    /** The price list of {@code billing.prices}, as {@code PriceService.current()} reads it. */
    static PriceList prices(Connection c) throws SQLException {
        Map<String, Long> dynos = new HashMap<>();
        Map<String, Long> addons = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select kind, name, monthly_cents from billing.prices")) {
            while (rs.next()) {
                (rs.getString(1).equals("dyno") ? dynos : addons).put(rs.getString(2), rs.getLong(3));
            }
        }
        return new PriceList(dynos, addons);
    }
}
