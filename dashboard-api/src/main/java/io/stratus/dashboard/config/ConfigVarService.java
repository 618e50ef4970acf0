package io.stratus.dashboard.config;

import io.stratus.common.error.ApiException;
import io.stratus.dashboard.DashboardConfig;
import io.stratus.dashboard.app.AppAccess;
import io.stratus.dashboard.release.Release;
import io.stratus.dashboard.release.ReleaseService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Config vars: the current release's map; a changing PATCH creates a release (spec §3). */
@ApplicationScoped
public class ConfigVarService {
    static final Pattern KEY = Pattern.compile("^\\w+$");

    private final AppAccess access;
    private final ReleaseService releases;
    private final DashboardConfig config;

    ConfigVarService(AppAccess access, ReleaseService releases, DashboardConfig config) {
        this.access = access;
        this.releases = releases;
        this.config = config;
    }

    @Transactional
    public Map<String, String> get(String appRef) {
        return new TreeMap<>(releases.currentConfig(access.visible(appRef).app().id));
    }

    /** Applies {@code KEY: value|null}; the app row lock makes concurrent PATCHes apply one after the other. */
    @Transactional
    public Map<String, String> update(String appRef, Map<String, Object> changes) {
        if (changes == null) {
            throw ApiException.invalid("Body must be an object of config vars.");
        }
        for (var change : changes.entrySet()) {
            if (!KEY.matcher(change.getKey()).matches()) {
                throw ApiException.invalid("Config var name '" + change.getKey()
                        + "' may contain only letters, digits and underscores.");
            }
            if (change.getValue() != null && !(change.getValue() instanceof String)) {
                throw ApiException.invalid("Config var " + change.getKey() + " must be a string or null.");
            }
        }
        AppAccess.Access a = access.forUpdate(appRef);
        Map<String, String> before = releases.currentConfig(a.app().id);
        Map<String, String> after = new TreeMap<>(before);
        List<String> set = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (var change : new TreeMap<>(changes).entrySet()) {
            String key = change.getKey();
            String value = (String) change.getValue();
            if (value == null) {
                if (after.remove(key) != null) {
                    removed.add(key);
                }
            } else if (!value.equals(after.get(key))) {
                (after.containsKey(key) ? updated : set).add(key);
                after.put(key, value);
            }
        }
        if (set.isEmpty() && updated.isEmpty() && removed.isEmpty()) {
            return after;
        }
        checkLimits(after);
        Release release = releases.create(a.app(), a.caller(), describe(set, updated, removed), after);
        releases.publishConfigChange(a.app(), before, after, release);
        return after;
    }

    private void checkLimits(Map<String, String> vars) {
        if (vars.size() > config.maxConfigVars()) {
            throw ApiException.invalid("An app may have at most " + config.maxConfigVars() + " config vars.");
        }
        long bytes = vars.entrySet().stream().mapToLong(e -> e.getKey().getBytes(StandardCharsets.UTF_8).length
                + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
        if (bytes > config.maxConfigBytes()) {
            throw ApiException.invalid("Config vars may total at most " + config.maxConfigBytes() + " bytes; these are "
                    + bytes + ".");
        }
    }

    static String describe(List<String> set, List<String> updated, List<String> removed) {
        List<String> parts = new ArrayList<>();
        if (!set.isEmpty()) {
            parts.add("Set " + String.join(", ", set) + " config vars");
        }
        if (!updated.isEmpty()) {
            parts.add("Update " + String.join(", ", updated) + " config vars");
        }
        if (!removed.isEmpty()) {
            parts.add("Remove " + String.join(", ", removed) + " config vars");
        }
        return String.join(", ", parts);
    }
}
