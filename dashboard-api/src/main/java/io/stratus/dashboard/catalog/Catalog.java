package io.stratus.dashboard.catalog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The fixed regions, stacks and dyno sizes (spec §3 stubs, billing.md sizes); ids are stable name UUIDs. */
public final class Catalog {
    public static final List<String> REGIONS = List.of("us", "eu");
    public static final String DEFAULT_REGION = "us";
    public static final List<String> STACKS = List.of("heroku-24", "heroku-22");
    public static final String DEFAULT_STACK = "heroku-24";
    public static final List<String> SIZES = List.of("eco", "basic", "standard-1x", "standard-2x", "performance-m",
            "performance-l", "performance-l-ram", "performance-xl", "performance-2xl");
    public static final String DEFAULT_SIZE = "basic";

    private Catalog() {
    }

    public static UUID idOf(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** A catalog entry by name (any case) or id. */
    public static Optional<String> find(String kind, List<String> names, String nameOrId) {
        if (nameOrId == null) {
            return Optional.empty();
        }
        String wanted = nameOrId.trim().toLowerCase(Locale.ROOT);
        return names.stream().filter(n -> n.equals(wanted) || idOf(kind, n).toString().equals(wanted)).findFirst();
    }

    public static Optional<String> size(String nameOrId) {
        return find("size", SIZES, nameOrId);
    }

    // Every response nests several refs (an app four): computed once, not an MD5 per field per row.
    private static final Map<String, Ref> REFS = new ConcurrentHashMap<>();

    public static Ref ref(String kind, String name) {
        return REFS.computeIfAbsent(kind + ":" + name, k -> new Ref(idOf(kind, name), name));
    }

    /** {@code {id, name}} as Heroku nests regions, stacks and sizes. */
    public record Ref(UUID id, String name) {
    }
}
