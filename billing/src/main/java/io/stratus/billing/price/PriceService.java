package io.stratus.billing.price;

import io.stratus.billing.Sql;
import io.stratus.billing.calculator.PriceList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The price list as data (spec: "a table or a config file, not code"). */
@ApplicationScoped
public class PriceService {
    private final Sql sql;

    PriceService(Sql sql) {
        this.sql = sql;
    }

    public PriceList current() {
        Map<String, Long> dynos = new HashMap<>();
        Map<String, Long> addons = new HashMap<>();
        for (PriceResponse price : list()) {
            (price.kind().equals("dyno") ? dynos : addons).put(price.name(), price.monthlyCents());
        }
        return new PriceList(dynos, addons);
    }

    public List<PriceResponse> list() {
        return sql.list("select kind, name, monthly_cents, updated_at from billing.prices order by kind desc, name",
                rs -> new PriceResponse(rs.getString(1), rs.getString(2), rs.getLong(3),
                        Sql.instant(rs, 4)));
    }

    @Transactional
    public PriceResponse put(String kind, String name, long monthlyCents) {
        return sql.one("""
                insert into billing.prices (kind, name, monthly_cents) values (?, ?, ?)
                on conflict (kind, name) do update set monthly_cents = excluded.monthly_cents, updated_at = now()
                returning kind, name, monthly_cents, updated_at""",
                rs -> new PriceResponse(rs.getString(1), rs.getString(2), rs.getLong(3), Sql.instant(rs, 4)),
                kind, name, monthlyCents).orElseThrow();
    }
}
