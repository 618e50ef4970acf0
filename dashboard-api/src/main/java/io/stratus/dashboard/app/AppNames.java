package io.stratus.dashboard.app;

import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/** Heroku's app name rule (spec §4) and generated names such as {@code quiet-river-4821}. */
final class AppNames {
    static final Pattern VALID = Pattern.compile("^[a-z][a-z0-9-]{1,28}[a-z0-9]$");
    private static final List<String> ADJECTIVES = List.of("quiet", "bold", "calm", "brave", "lively", "misty",
            "sunny", "frozen", "gentle", "rapid", "silent", "golden", "hidden", "polar", "shiny", "young");
    private static final List<String> NOUNS = List.of("river", "forest", "meadow", "harbor", "canyon", "island",
            "valley", "summit", "breeze", "ocean", "desert", "glacier", "lake", "ridge", "spring", "falls");
    private static final SecureRandom RANDOM = new SecureRandom();

    private AppNames() {
    }

    static boolean valid(String name) {
        return VALID.matcher(name).matches();
    }

    static String generate() {
        return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(RANDOM.nextInt(NOUNS.size()))
                + "-" + (1000 + RANDOM.nextInt(9000));
    }
}
