package io.stratus.auth.key;

import static io.restassured.RestAssured.given;
import static io.stratus.auth.AuthFixtures.accessToken;
import static io.stratus.auth.AuthFixtures.adminToken;
import static io.stratus.auth.AuthFixtures.header;
import static io.stratus.auth.AuthFixtures.signUp;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.stratus.auth.AuthFixtures.TestUser;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SigningKeyTest {

    private static List<String> publishedKids() {
        return given().when().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath()
                .getList("keys.kid");
    }

    @Test
    void jwksPublishesPublicRsaKeysOnly() {
        given().when().get("/.well-known/jwks.json")
                .then().statusCode(200).contentType("application/json")
                .body("keys.kty", everyItem(equalTo("RSA"))).body("keys.alg", everyItem(equalTo("RS256")))
                .body("keys.use", everyItem(equalTo("sig"))).body("keys.n", everyItem(notNullValue()))
                .body("keys", not(hasItem(org.hamcrest.Matchers.hasKey("d"))));
    }

    @Test
    void openidConfigurationSaysWhereThingsAre() {
        given().when().get("/.well-known/openid-configuration")
                .then().statusCode(200)
                .body("issuer", equalTo("https://auth.stratus.test"))
                .body("jwks_uri", equalTo("https://auth.stratus.test/.well-known/jwks.json"))
                .body("token_endpoint", equalTo("https://auth.stratus.test/oauth/token"))
                .body("grant_types_supported", hasItems("password", "refresh_token", "client_credentials"));
    }

    @Test
    void rotationPromotesThePrePublishedKeyAndOldTokensStillVerify() {
        TestUser user = signUp();
        String before = accessToken(user);
        String oldKid = header(before).getString("kid");
        List<String> kidsBefore = publishedKids();
        // The key that will sign next is already published, so verifiers know it before it signs.
        assertEquals(true, kidsBefore.size() >= 2);

        String newKid = given().auth().oauth2(adminToken()).when().post("/admin/signing-keys/rotate")
                .then().statusCode(200).extract().path("active_kid");
        assertNotEquals(oldKid, newKid);
        org.junit.jupiter.api.Assertions.assertTrue(kidsBefore.contains(newKid), "next key was pre-published");

        String after = accessToken(user);
        assertEquals(newKid, header(after).getString("kid"));
        given().when().get("/.well-known/jwks.json").then().body("keys.kid", hasItems(oldKid, newKid));
        given().auth().oauth2(before).when().get("/users/me").then().statusCode(200);
        given().auth().oauth2(after).when().get("/users/me").then().statusCode(200);
    }

    @Test
    void onlyAdminsRotate() {
        given().auth().oauth2(accessToken(signUp())).when().post("/admin/signing-keys/rotate")
                .then().statusCode(403);
        given().when().post("/admin/signing-keys/rotate").then().statusCode(401);
    }
}
