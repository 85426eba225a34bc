package cn.palmcommunity.eligibility;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policies and versions through the API; the seeded policies' rules validate, compile and run. */
@QuarkusTest
class PolicyResourceTest {

    static final List<String> SEEDED = List.of("HIGH_AGE_ALLOWANCE", "CHILDBIRTH_SUBSIDY", "ONLY_CHILD_PARENTS", "ELDERLY_CANTEEN_MEAL",
            "AGING_FRIENDLY_RENOVATION", "TWO_CANCER_SCREENING", "VETERAN_SPECIAL_JOBS");

    @Inject
    Fixtures fixtures;

    @Inject
    EligibilityFixtures eligibility;

    @Inject
    PolicyRules rules;

    @Inject
    Pool pool;

    private static io.restassured.specification.RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString());
    }

    private static Map<String, Object> version(String rule, String from, String to) {
        Map<String, Object> v = new HashMap<>();
        v.put("rule", EligibilityFixtures.parse(rule));
        v.put("effectiveFrom", from);
        v.put("effectiveTo", to);
        v.put("residentReminder", "请到社区办理");
        v.put("workerReminder", "请联系居民");
        return v;
    }

    private static Map<String, Object> policy(String code, Map<String, Object> firstVersion) {
        Map<String, Object> p = new HashMap<>();
        p.put("code", code);
        p.put("name", "测试");
        p.put("benefit", "补贴");
        p.put("administeredBy", "民政科");
        p.put("cycle", "YEARLY");
        p.put("firstVersion", firstVersion);
        return p;
    }

    private static String code() {
        return "P" + Long.toString(System.nanoTime() % 1_000_000_000_000L);
    }

    @Test
    void staffCreateAPolicyAndItsVersions() {
        String staff = Fixtures.accessToken(fixtures.staff("DISTRICT_STAFF", 1L, null, null, null, null));
        String code = code();
        JsonPath created = as(staff).body(policy(code, version("{\"age\": {\"atLeast\": 80}}", "2020-01-01", null)))
                .post("/api/eligibility/policies")
                .then().statusCode(201).header("Location", containsString("/api/eligibility/policies/"))
                .body("code", equalTo(code)).body("versions[0].version", equalTo(1)).body("versions[0].rule.age.atLeast", equalTo(80))
                .body("versions[0].effectiveTo", nullValue()).body("versionInForce", equalTo(1))
                .extract().jsonPath();
        long id = created.getLong("id");

        // An open-ended version after the open-ended one ends it on its first day.
        as(staff).body(version("{\"age\": {\"atLeast\": 75}}", "2030-01-01", null)).post("/api/eligibility/policies/" + id + "/versions")
                .then().statusCode(201).body("version", equalTo(2)).body("rule.age.atLeast", equalTo(75));
        given().auth().oauth2(staff).get("/api/eligibility/policies/" + id)
                .then().statusCode(200)
                .body("versions[0].effectiveTo", equalTo("2030-01-01"))
                .body("versions[1].effectiveFrom", equalTo("2030-01-01"))
                .body("versionInForce", equalTo(1));

        assertProblem(as(staff).body(version("{\"age\": {\"atLeast\": 70}}", "2025-06-01", "2026-01-01"))
                .post("/api/eligibility/policies/" + id + "/versions").then(), 422, "validation")
                .body("errors[0].field", equalTo("effectiveFrom"))
                .body("errors[0].message", containsString("overlaps version 1"));
        assertProblem(as(staff).body(version("{\"age\": {\"atLeast\": 70}}", "2031-01-01", "2032-01-01"))
                .post("/api/eligibility/policies/" + id + "/versions").then(), 422, "validation")
                .body("errors[0].field", equalTo("effectiveFrom"))
                .body("errors[0].message", containsString("overlaps version 2"));
        assertProblem(as(staff).body(version("{\"age\": {\"atLeast\": 70}}", "2031-01-01", "2030-01-01"))
                .post("/api/eligibility/policies/" + id + "/versions").then(), 422, "validation")
                .body("errors[0].field", equalTo("effectiveTo"));
        assertEquals(2, fixtures.count("SELECT count(*) FROM policy_version WHERE policy_id = $1", id), "nothing half-stored");

        assertProblem(as(staff).body(policy(code, null)).post("/api/eligibility/policies").then(), 409, "duplicate-policy-code");
        assertProblem(as(staff).body(version("{\"age\": {\"atLeast\": 70}}", "2040-01-01", null))
                .post("/api/eligibility/policies/999999999/versions").then(), 404, "not-found");
    }

    @Test
    void badRulesArePointedAtAndNothingIsStored() {
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        String code = code();
        assertProblem(as(admin).body(policy(code, version("{\"all\": [{\"sex\": \"F\"}, {\"age\": {\"atLeast\": \"1960-01-01\"}}]}", "2020-01-01", null)))
                .post("/api/eligibility/policies").then(), 422, "validation")
                .body("errors[0].field", equalTo("firstVersion/rule/all/1/age/atLeast"))
                .body("errors[0].message", containsString("not a date"));
        assertProblem(as(admin).body(policy(code, version("{\"any\": [{\"tag\": {\"code\": \"NO_SUCH_TAG\"}}]}", "2020-01-01", null)))
                .post("/api/eligibility/policies").then(), 422, "validation")
                .body("errors[0].field", equalTo("firstVersion/rule/any/0/tag/code"));
        assertProblem(as(admin).body(policy(code, version("{\"all\": []}", "2020-01-01", null)))
                .post("/api/eligibility/policies").then(), 422, "validation")
                .body("errors[0].field", equalTo("firstVersion/rule/all"));
        Map<String, Object> badCycle = policy(code, null);
        badCycle.put("cycle", "WEEKLY");
        assertProblem(as(admin).body(badCycle).post("/api/eligibility/policies").then(), 422, "validation")
                .body("errors[0].field", equalTo("cycle"));
        assertEquals(0, fixtures.count("SELECT count(*) FROM policy WHERE code = $1", code));

        String worker = Fixtures.accessToken(fixtures.communityWorker(1L));
        assertProblem(as(worker).body(policy(code(), null)).post("/api/eligibility/policies").then(), 403, "forbidden");
        given().auth().oauth2(worker).get("/api/eligibility/policies").then().statusCode(200);
    }

    @Test
    void theSevenSeededPoliciesValidateCompileAndRun() {
        String worker = Fixtures.accessToken(fixtures.communityWorker(1L));
        given().auth().oauth2(worker).get("/api/eligibility/policies")
                .then().statusCode(200).body("code", hasItems(SEEDED.toArray()));
        Set<String> tags = rules.knownTags(pool).await().atMost(Duration.ofSeconds(10));
        LocalDate day = LocalDate.of(2026, 11, 26);
        List<PolicyRules.InForce> inForce = rules.inForce(pool, day).await().atMost(Duration.ofSeconds(10));
        for (String code : SEEDED) {
            PolicyRules.InForce policy = inForce.stream().filter(p -> p.code().equals(code)).findFirst().orElseThrow(() -> new AssertionError(code));
            assertEquals(1, policy.version());
            JsonPath stored = given().auth().oauth2(worker).get("/api/eligibility/policies/" + policy.policyId()).then().statusCode(200)
                    .body("versionInForce", equalTo(1)).extract().jsonPath();
            assertTrue(stored.getString("versions[0].residentReminder").length() > 5);
            RuleNode rule = RuleValidator.validate(rules.tree(new io.vertx.core.json.JsonObject(stored.getMap("versions[0].rule"))), "rule", tags);
            RuleCompiler.Params params = new RuleCompiler.Params();
            String sql = "SELECT count(*), count(" + RuleCompiler.facts(rule, day, params) + ") FROM resident r WHERE "
                    + RuleCompiler.predicate(rule, day, params);
            long count = pool.preparedQuery(sql).execute(io.vertx.mutiny.sqlclient.Tuple.from(params.values()))
                    .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
            assertTrue(count >= 0, code + " runs in PostgreSQL");
        }
    }
}
