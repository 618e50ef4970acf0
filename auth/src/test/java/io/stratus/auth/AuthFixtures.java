package io.stratus.auth;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Fresh users and tokens over real HTTP, so every test owns its data. */
public final class AuthFixtures {
    public static final String PASSWORD = "correct-horse-battery-9";
    public static final String ADMIN_EMAIL = "admin@auth.test";
    public static final String ADMIN_PASSWORD = "admin-test-password-1";

    /** A user created through sign-up. */
    public record TestUser(String id, String email, String password) {
    }

    private AuthFixtures() {
    }

    public static String freshIp() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    public static TestUser signUp() {
        String email = "user-" + UUID.randomUUID() + "@example.test";
        String id = given().contentType(ContentType.JSON)
                .body("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"name\":\"Test\"}")
                .when().post("/users")
                .then().statusCode(201).extract().path("id");
        return new TestUser(id, email, PASSWORD);
    }

    public static JsonPath login(String email, String password) {
        return given().header("X-Forwarded-For", freshIp())
                .formParam("grant_type", "password").formParam("username", email).formParam("password", password)
                .when().post("/oauth/token")
                .then().statusCode(200).extract().jsonPath();
    }

    public static String accessToken(TestUser user) {
        return login(user.email(), user.password()).getString("access_token");
    }

    public static String adminToken() {
        return login(ADMIN_EMAIL, ADMIN_PASSWORD).getString("access_token");
    }

    public static JsonPath header(String jwt) {
        return new JsonPath(decode(jwt.split("\\.")[0]));
    }

    public static JsonPath claims(String jwt) {
        return new JsonPath(decode(jwt.split("\\.")[1]));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
