package io.stratus.dashboard;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.stratus.common.testing.Tokens;
import io.stratus.common.testing.Tokens.TestAccount;
import java.util.Map;
import java.util.UUID;

/** Small fixtures over real HTTP: each test makes its own accounts and apps. */
public final class TestApi {
    private TestApi() {
    }

    public record User(TestAccount account, String token) {
        public RequestSpecification req() {
            return given().auth().oauth2(token).accept(ContentType.JSON);
        }

        public RequestSpecification json(Object body) {
            return req().contentType(ContentType.JSON).body(body);
        }

        public String email() {
            return account.email();
        }

        public UUID id() {
            return account.id();
        }
    }

    public static User user() {
        TestAccount account = TestAccount.create();
        return new User(account, Tokens.forAccount(account));
    }

    public static String uniqueName() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** Creates an app and answers its name. */
    public static String app(User owner) {
        String name = uniqueName();
        owner.json(Map.of("name", name)).post("/apps").then().statusCode(201);
        return name;
    }
}
