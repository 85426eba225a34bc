package cn.palmcommunity.eligibility;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusMock;
import io.restassured.http.ContentType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/** Residents with chosen facts (household, relation, tags with dates) and policies of a test's own. */
@ApplicationScoped
public class EligibilityFixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Fixtures fixtures;
    private final RegistryFixtures registry;

    public EligibilityFixtures(Fixtures fixtures, RegistryFixtures registry) {
        this.fixtures = fixtures;
        this.registry = registry;
    }

    public static void fixClock(LocalDateTime chinaTime) {
        QuarkusMock.installMockForType(Clock.fixed(chinaTime.atZone(ChinaTime.CHINA).toInstant(), ChinaTime.CHINA), Clock.class);
    }

    public RegistryFixtures.Place newCommunity() {
        return registry.newCommunity();
    }

    public long resident(RegistryFixtures.Place place, LocalDate birth, char sex, String living) {
        return registry.resident(RegistryFixtures.idNumber(birth, sex), "资格" + SEQUENCE.incrementAndGet(), place.communityId(),
                place.grid1(), place.compoundId(), "13900000000", living);
    }

    public long household(RegistryFixtures.Place place) {
        return fixtures.count("INSERT INTO household (compound_id, building, room) VALUES ($1, $2, '101') RETURNING id",
                place.compoundId(), "B" + SEQUENCE.incrementAndGet());
    }

    public void joinHousehold(long resident, long household, String relation) {
        fixtures.sql("UPDATE resident SET household_id = $2, relation_to_head = $3 WHERE id = $1", resident, household, relation);
    }

    public void tag(long resident, String code, LocalDate since) {
        fixtures.sql("INSERT INTO resident_tag (resident_id, tag_code, since, source, feed_name, feed_record_id) "
                + "VALUES ($1, $2, $3, 'DEPARTMENT_FEED', 'civil-affairs', $4)", resident, code, since, "R-" + resident);
    }

    public void endTag(long resident, String code, LocalDate until) {
        fixtures.sql("UPDATE resident_tag SET until = $3 WHERE resident_id = $1 AND tag_code = $2 AND until IS NULL", resident, code, until);
    }

    public void living(long resident, String status) {
        fixtures.sql("UPDATE resident SET living_status = $2 WHERE id = $1", resident, status);
    }

    /** A policy of the test's own with one version from 2020, created through the API; answers its id. */
    public long policy(String adminToken, String cycle, String ruleJson) {
        String code = "T" + SEQUENCE.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000_000L);
        Map<String, Object> version = new HashMap<>();
        version.put("rule", parse(ruleJson));
        version.put("effectiveFrom", "2020-01-01");
        version.put("residentReminder", "请到社区办理");
        version.put("workerReminder", "请联系居民");
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("name", "测试政策 " + code);
        body.put("benefit", "测试补贴");
        body.put("administeredBy", "民政科");
        body.put("cycle", cycle);
        body.put("firstVersion", version);
        return given().auth().oauth2(adminToken).contentType(ContentType.JSON).header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .body(body).post("/api/eligibility/policies")
                .then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static Object parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Leads of one policy in the test's community: resident id → [status, closed_reason, version number]. */
    public Map<Long, List<String>> leads(long policyId, RegistryFixtures.Place place) {
        Map<Long, List<String>> out = new HashMap<>();
        fixtures.sql("""
                SELECT l.resident_id, l.status, coalesce(l.closed_reason, '-'), v.version::text
                  FROM eligibility_lead l JOIN policy_version v ON v.id = l.policy_version_id
                 WHERE l.policy_id = $1 AND l.community_id = $2""", policyId, place.communityId())
                .forEach(r -> out.put(r.getLong(0), List.of(r.getString(1), r.getString(2), r.getString(3))));
        return out;
    }

    public long leadId(long policyId, long resident) {
        return fixtures.count("SELECT id FROM eligibility_lead WHERE policy_id = $1 AND resident_id = $2", policyId, resident);
    }

    public Fixtures base() {
        return fixtures;
    }
}
