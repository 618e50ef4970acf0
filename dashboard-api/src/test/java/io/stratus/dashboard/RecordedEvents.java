package io.stratus.dashboard;

import io.stratus.dashboard.api.AppDeleted;
import io.stratus.dashboard.api.FormationScaled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Observes the domain events as billing does (plain {@code @Observes}, inside the changing transaction). */
@ApplicationScoped
public class RecordedEvents {
    private final List<Object> events = new CopyOnWriteArrayList<>();

    void scaled(@Observes FormationScaled event) {
        events.add(event);
    }

    void deleted(@Observes AppDeleted event) {
        events.add(event);
    }

    public List<Object> forApp(UUID appId) {
        return events.stream().filter(e -> e instanceof FormationScaled f ? f.appId().equals(appId)
                : ((AppDeleted) e).appId().equals(appId)).toList();
    }
}
