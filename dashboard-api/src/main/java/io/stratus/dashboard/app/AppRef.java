package io.stratus.dashboard.app;

import java.util.UUID;

/** {@code app {id, name}} as nested in formations, dynos, releases and collaborators. */
public record AppRef(UUID id, String name) {
    public static AppRef of(App app) {
        return new AppRef(app.id, app.name);
    }
}
