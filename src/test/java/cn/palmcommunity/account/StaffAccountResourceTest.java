package cn.palmcommunity.account;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class StaffAccountResourceTest {

    @Inject
    Fixtures fixtures;

    private static Map<String, Object> account(String username, String role) {
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("displayName", "测试 " + username);
        body.put("password", "Initial#Pass2026");
        body.put("role", role);
        return body;
    }

    private static String unique(String prefix) {
        return prefix + "." + System.nanoTime();
    }

    @Test
    void theDistrictAdminCreatesAGridWorkerWhoCanThenLogIn() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        String username = unique("grid");
        Map<String, Object> body = account(username, "GRID_WORKER");
        body.put("communityId", 14);
        body.put("gridId", fixtures.firstGridOf(14));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/api/accounts")
                .then().statusCode(201)
                .header("Location", endsWith("/api/accounts/" + fixtures.accountId(username)))
                .body("username", equalTo(username))
                .body("communityId", equalTo(14))
                .body("gridId", equalTo((int) fixtures.firstGridOf(14)))
                .body("enabled", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "Initial#Pass2026"))
                .post("/api/auth/login").then().statusCode(200)
                .body("account.scopeLevel", equalTo("GRID"))
                .body("account.gridIds[0]", equalTo((int) fixtures.firstGridOf(14)));
    }

    @Test
    void aDuplicateUsernameIs409AndNothingIsWritten() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        String existing = fixtures.communityWorker(2);
        Map<String, Object> body = account(existing, "COMMUNITY_WORKER");
        body.put("communityId", 3);
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/api/accounts").then(),
                409, "duplicate-username");
        assertEquals(2, fixtures.count("SELECT community_id FROM account WHERE username = $1", existing));
    }

    @Test
    void unitsMustFitTheRole() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        Map<String, Object> noCommunity = account(unique("w"), "COMMUNITY_WORKER");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(noCommunity).post("/api/accounts").then(),
                422, "validation").body("errors[0].field", equalTo("communityId"));

        Map<String, Object> foreignGrid = account(unique("g"), "GRID_WORKER");
        foreignGrid.put("communityId", 14);
        foreignGrid.put("gridId", fixtures.firstGridOf(15));
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(foreignGrid).post("/api/accounts").then(),
                422, "validation").body("errors[0].field", equalTo("gridId"));

        Map<String, Object> noDepartment = account(unique("d"), "DEPARTMENT_STAFF");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(noDepartment).post("/api/accounts").then(),
                422, "validation").body("errors[0].field", equalTo("department"));

        Map<String, Object> resident = account(unique("r"), "RESIDENT");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(resident).post("/api/accounts").then(),
                422, "validation").body("errors[0].field", equalTo("role"));

        Map<String, Object> shortPassword = account("bad name!", "DISTRICT_STAFF");
        shortPassword.put("password", "short");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(shortPassword).post("/api/accounts").then(),
                422, "validation").body("errors.field", equalTo(List.of("password", "username")));
        assertEquals(0, fixtures.count("SELECT count(*) FROM account WHERE username = 'bad name!'"));
    }

    @Test
    void streetStaffManageOnlyWorkersOfTheirOwnCommunities() {
        String street = Fixtures.accessToken(fixtures.staff("STREET_STAFF", null, 4L, null, null, null));
        long own = fixtures.count("SELECT min(id) FROM community WHERE street_id = 4");
        long foreign = fixtures.count("SELECT min(id) FROM community WHERE street_id = 5");

        Map<String, Object> inside = account(unique("w"), "COMMUNITY_WORKER");
        inside.put("communityId", own);
        given().auth().oauth2(street).contentType(ContentType.JSON).body(inside).post("/api/accounts").then().statusCode(201);

        Map<String, Object> outside = account(unique("w"), "COMMUNITY_WORKER");
        outside.put("communityId", foreign);
        assertProblem(given().auth().oauth2(street).contentType(ContentType.JSON).body(outside).post("/api/accounts").then(),
                403, "forbidden");

        Map<String, Object> admin = account(unique("a"), "DISTRICT_ADMIN");
        assertProblem(given().auth().oauth2(street).contentType(ContentType.JSON).body(admin).post("/api/accounts").then(),
                403, "forbidden");

        List<Integer> visible = fixtures.sql("SELECT id FROM community WHERE street_id = 4").stream().map(r -> r.getLong(0).intValue()).toList();
        given().auth().oauth2(street).queryParam("limit", 100).get("/api/accounts")
                .then().statusCode(200).body("items.communityId", everyItem(in(visible)));
    }

    @Test
    void communityWorkersCannotManageAccounts() {
        String worker = Fixtures.accessToken(fixtures.communityWorker(2));
        assertProblem(given().auth().oauth2(worker).get("/api/accounts").then(), 403, "forbidden");
    }

    @Test
    void pagesFollowTheCursorWithoutGapsOrRepeats() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        List<Integer> first = given().auth().oauth2(admin).queryParam("community", 20).queryParam("limit", 1).get("/api/accounts")
                .then().statusCode(200).body("items", hasSize(1)).body("nextCursor", notNullValue()).extract().path("items.id");
        Object cursor = given().auth().oauth2(admin).queryParam("community", 20).queryParam("limit", 1).get("/api/accounts")
                .then().extract().path("nextCursor");
        List<Integer> rest = given().auth().oauth2(admin).queryParam("community", 20).queryParam("cursor", cursor).queryParam("limit", 100)
                .get("/api/accounts").then().statusCode(200).body("nextCursor", nullValue()).extract().path("items.id");
        long total = fixtures.count("SELECT count(*) FROM account WHERE community_id = 20 AND username IS NOT NULL");
        assertEquals(total, first.size() + rest.size());
        org.junit.jupiter.api.Assertions.assertFalse(rest.contains(first.get(0)));
        assertProblem(given().auth().oauth2(admin).queryParam("limit", 0).get("/api/accounts").then(), 422, "validation")
                .body("errors[0].field", equalTo("limit"));
        assertProblem(given().auth().oauth2(admin).queryParam("role", "KING").get("/api/accounts").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("role"));
    }

    @Test
    void unlockingAndDisabling() {
        String admin = fixtures.districtAdmin();
        String token = Fixtures.accessToken(admin);
        String worker = fixtures.communityWorker(21);
        long id = fixtures.accountId(worker);
        String refresh = (String) Fixtures.login(worker).get("refreshToken");
        fixtures.sql("UPDATE account SET failed_logins = 3, locked_until = now() + interval '10 minutes' WHERE id = $1", id);

        given().auth().oauth2(token).post("/api/accounts/" + id + "/unlock").then().statusCode(200).body("lockedUntil", nullValue());
        Fixtures.login(worker);

        given().auth().oauth2(token).post("/api/accounts/" + id + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh)).post("/api/auth/refresh").then(),
                401, "unauthorized");
        assertProblem(given().contentType(ContentType.JSON).body(Map.of("username", worker, "password", Fixtures.PASSWORD))
                .post("/api/auth/login").then(), 403, "forbidden");
        given().auth().oauth2(token).post("/api/accounts/" + id + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        Fixtures.login(worker);

        assertProblem(given().auth().oauth2(token).post("/api/accounts/" + fixtures.accountId(admin) + "/disable").then(),
                409, "self-disable");
        assertProblem(given().auth().oauth2(token).post("/api/accounts/99999999/unlock").then(), 404, "not-found");
    }
}
