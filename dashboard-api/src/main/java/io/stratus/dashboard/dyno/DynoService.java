package io.stratus.dashboard.dyno;

import io.stratus.common.error.ApiException;
import io.stratus.dashboard.account.AccountService;
import io.stratus.dashboard.app.App;
import io.stratus.dashboard.app.AppAccess;
import io.stratus.dashboard.app.AppRef;
import io.stratus.dashboard.catalog.Catalog;
import io.stratus.dashboard.formation.Formation;
import io.stratus.dashboard.formation.FormationService;
import io.stratus.dashboard.release.Release;
import io.stratus.dashboard.release.ReleaseService;
import io.stratus.dashboard.standing.Licensing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Dynos are simulated: formation dynos ({@code web.1} ... {@code web.<quantity>}) are derived from the formation,
 * one-offs ({@code run.N}) are rows until stopped. A dyno reads {@code starting} for its first seconds, then
 * {@code up}. Restart and stop change no formation and make no release (spec §3).
 */
@ApplicationScoped
public class DynoService {
    static final Duration BOOT = Duration.ofSeconds(2);

    private final EntityManager em;
    private final AppAccess access;
    private final FormationService formations;
    private final ReleaseService releases;
    private final Licensing licensing;

    DynoService(EntityManager em, AppAccess access, FormationService formations, ReleaseService releases,
                Licensing licensing) {
        this.em = em;
        this.access = access;
        this.licensing = licensing;
        this.formations = formations;
        this.releases = releases;
    }

    @Transactional
    public List<DynoResponse> list(String appRef) {
        App app = access.visible(appRef).app();
        return all(app);
    }

    @Transactional
    public DynoResponse get(String appRef, String dyno) {
        App app = access.visible(appRef).app();
        return find(all(app), dyno);
    }

    @Transactional
    public DynoResponse run(String appRef, CreateDynoRequest request) {
        AppAccess.Access a = access.forUpdate(appRef);
        App app = a.app();
        String size = request.size() == null ? Catalog.DEFAULT_SIZE : Catalog.size(request.size())
                .orElseThrow(() -> ApiException.invalid("Unknown dyno size '" + request.size() + "'."));
        // A one-off dyno starts one dyno of its size: the same question as scaling a stopped type to 1.
        licensing.requireScale(app.ownerId, request.type() == null ? "run" : request.type(), null, 0, size, 1);
        app.runCounter++;
        Instant now = Instant.now();
        Dyno dyno = new Dyno();
        dyno.id = UUID.randomUUID();
        dyno.appId = app.id;
        dyno.name = "run." + app.runCounter;
        dyno.type = request.type() == null ? "run" : request.type();
        dyno.command = request.command();
        dyno.size = size;
        dyno.state = "starting";
        dyno.createdAt = now;
        dyno.updatedAt = now;
        em.persist(dyno);
        return oneOff(dyno, app, releases.latest(app.id));
    }

    /** Restarting all dynos changes nothing stored: formation dynos have no rows, one-offs keep running. */
    @Transactional
    public void restartAll(String appRef) {
        access.visible(appRef);
    }

    @Transactional
    public void restart(String appRef, String dyno) {
        App app = access.forUpdate(appRef).app();
        find(all(app), dyno);
        stopOneOff(app, dyno);
    }

    @Transactional
    public void stop(String appRef, String dyno) {
        App app = access.forUpdate(appRef).app();
        find(all(app), dyno);
        stopOneOff(app, dyno);
    }

    @Transactional
    public void restartType(String appRef, String type) {
        App app = access.visible(appRef).app();
        requireType(app, type);
    }

    @Transactional
    public void stopType(String appRef, String type) {
        App app = access.forUpdate(appRef).app();
        if (formations.of(app.id).stream().noneMatch(f -> f.type.equals(type))) {
            int stopped = em.createQuery("delete from Dyno d where d.appId = ?1 and d.type = ?2")
                    .setParameter(1, app.id).setParameter(2, type).executeUpdate();
            if (stopped == 0) {
                throw ApiException.notFound("Couldn't find that process type (" + type + ").");
            }
        }
    }

    private void requireType(App app, String type) {
        boolean known = formations.of(app.id).stream().anyMatch(f -> f.type.equals(type))
                || !em.createQuery("select d.id from Dyno d where d.appId = ?1 and d.type = ?2")
                        .setParameter(1, app.id).setParameter(2, type).setMaxResults(1).getResultList().isEmpty();
        if (!known) {
            throw ApiException.notFound("Couldn't find that process type (" + type + ").");
        }
    }

    // A one-off dyno ends when stopped or restarted (Heroku kills it); formation dynos come straight back.
    private void stopOneOff(App app, String dyno) {
        UUID id = AccountService.parseUuid(dyno);
        em.createQuery("delete from Dyno d where d.appId = ?1 and (d.name = ?2 or d.id = ?3)")
                .setParameter(1, app.id).setParameter(2, dyno).setParameter(3, id).executeUpdate();
    }

    private List<DynoResponse> all(App app) {
        Release release = releases.latest(app.id);
        List<DynoResponse> dynos = new ArrayList<>();
        for (Formation f : formations.of(app.id)) {
            for (int i = 1; i <= f.quantity; i++) {
                String name = f.type + "." + i;
                UUID id = UUID.nameUUIDFromBytes((app.id + "/" + name).getBytes(StandardCharsets.UTF_8));
                dynos.add(new DynoResponse(id, name, f.type, f.command, f.size, state(f.updatedAt),
                        new DynoResponse.ReleaseRef(release.id, release.version), AppRef.of(app), null,
                        seconds(f.updatedAt), seconds(f.updatedAt)));
            }
        }
        em.createQuery("select d from Dyno d where d.appId = ?1 order by d.createdAt", Dyno.class)
                .setParameter(1, app.id).getResultStream().forEach(d -> dynos.add(oneOff(d, app, release)));
        return dynos;
    }

    private static DynoResponse oneOff(Dyno d, App app, Release release) {
        return new DynoResponse(d.id, d.name, d.type, d.command, d.size, state(d.createdAt),
                new DynoResponse.ReleaseRef(release.id, release.version), AppRef.of(app), null, seconds(d.createdAt),
                seconds(d.updatedAt));
    }

    private static String state(Instant since) {
        return since.plus(BOOT).isAfter(Instant.now()) ? "starting" : "up";
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    private static DynoResponse find(List<DynoResponse> dynos, String ref) {
        return dynos.stream().filter(d -> d.name().equals(ref) || d.id().toString().equals(ref)).findFirst()
                .orElseThrow(() -> ApiException.notFound("Couldn't find that dyno."));
    }
}
