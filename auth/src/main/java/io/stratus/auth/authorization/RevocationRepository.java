package io.stratus.auth.authorization;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class RevocationRepository implements PanacheRepositoryBase<Revocation, Long> {

    List<Revocation> after(long since, Instant now, int limit) {
        return find("seq > ?1 and expiresAt > ?2 order by seq", since, now).page(Page.ofSize(limit)).list();
    }

    long latestSeq() {
        Long max = getEntityManager().createQuery("select max(r.seq) from Revocation r", Long.class)
                .getSingleResult();
        return max == null ? 0 : max;
    }

    long purgeExpired(Instant before) {
        return delete("expiresAt < ?1", before);
    }
}
