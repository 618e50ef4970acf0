package io.stratus.auth.user;

import io.stratus.common.error.ApiException;
import java.util.Locale;
import java.util.Set;

/** Refuses short and very common passwords with 422 (spec/auth.md "Identities"). */
public final class PasswordPolicy {
    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 72; // bcrypt ignores bytes past 72
    // The most common passwords of at least MIN_LENGTH characters in public breach lists.
    private static final Set<String> COMMON = Set.of(
            "1234567890", "12345678910", "123456789a", "qwertyuiop", "password123", "password12",
            "password1234", "iloveyou12", "1q2w3e4r5t", "qwerty1234", "0987654321", "1111111111",
            "abcdefghij", "aaaaaaaaaa", "passw0rd123", "welcome123", "letmein123", "qwerty123456",
            "administrator", "1qaz2wsx3edc", "football123", "baseball123", "monkey1234", "dragon1234",
            "sunshine123", "princess123", "trustno1234", "changeme123", "qwertyuiop123", "asdfghjkl1",
            "zxcvbnm123", "superman123", "starwars123", "passwordpassword", "123123123123", "1234512345",
            "stratus1234", "heroku12345");

    private PasswordPolicy() {
    }

    public static void check(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw ApiException.invalid("password must be at least " + MIN_LENGTH + " characters long.");
        }
        if (password.length() > MAX_LENGTH) {
            throw ApiException.invalid("password must be at most " + MAX_LENGTH + " characters long.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || lower.chars().distinct().count() < 4) {
            throw ApiException.invalid("password is too common; choose another one.");
        }
        if (email != null && lower.equals(email.toLowerCase(Locale.ROOT))) {
            throw ApiException.invalid("password must not be the email address.");
        }
    }
}
