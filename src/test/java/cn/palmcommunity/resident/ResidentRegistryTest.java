package cn.palmcommunity.resident;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Entering residents: ID numbers checked, encrypted, found again by hash; tags with history; the resident's own view. */
@QuarkusTest
class ResidentRegistryTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RegistryFixtures registry;

    @Inject
    IdNumberCipher cipher;

    private static Map<String, Object> newResident(String idNumber, long compound) {
        Map<String, Object> body = new HashMap<>();
        body.put("idNumber", idNumber);
        body.put("name", "测试登记");
        body.put("phone", "13912345678");
        body.put("compoundId", compound);
        body.put("building", "3");
        body.put("unit", "2");
        body.put("room", "501");
        return body;
    }

    private ValidatableResponse create(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/residents").then();
    }

    @Test
    void theTableHoldsNoClearIdNumberAndLookupByHashWorks() {
        RegistryFixtures.Place place = registry.newCommunity();
        String token = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        String idNumber = RegistryFixtures.idNumber(LocalDate.of(1961, 2, 3), 'F');
        long id = create(token, newResident(idNumber, place.compoundId())).statusCode(201)
                .body("idNumberMasked", equalTo(idNumber.substring(0, 3) + "***********" + idNumber.substring(14)))
                .body("sex", equalTo("F"))
                .body("birthDate", equalTo("1961-02-03"))
                .body("communityId", equalTo((int) place.communityId()))
                .body("gridId", equalTo((int) place.grid1()))
                .body("address", equalTo("测试小区3号楼2单元501室"))
                .body("provenance.field", contains("address", "birthDate", "household", "livingStatus", "name", "phone", "sex"))
                .body("provenance[0].source", equalTo("COMMUNITY_SURVEY"))
                .extract().jsonPath().getLong("id");

        assertEquals(0, fixtures.count("""
                SELECT count(*) FROM information_schema.columns WHERE table_name = 'resident' AND column_name = 'id_number'"""));
        // Not in any column, as text or as the bytes of a text: the whole row rendered as text does not contain it.
        assertEquals(0, fixtures.count("SELECT count(*) FROM resident r WHERE r::text LIKE '%' || $1 || '%'", idNumber.substring(0, 14)));
        assertEquals(0, fixtures.count("SELECT count(*) FROM resident r WHERE position(convert_to($1, 'UTF8') IN r.id_number_cipher) > 0",
                idNumber.substring(6, 14)));
        byte[] stored = fixtures.sql("SELECT id_number_cipher FROM resident WHERE id = $1", id).iterator().next().getBuffer(0).getBytes();
        assertEquals(idNumber, cipher.decrypt(stored));

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("idNumber", idNumber.toLowerCase()))
                .post("/api/residents/lookup").then().statusCode(200)
                .body("id", equalTo((int) id));
        // Outside the caller's scope the record does not exist for them.
        RegistryFixtures.Place elsewhere = registry.newCommunity();
        assertProblem(given().auth().oauth2(Fixtures.accessToken(fixtures.communityWorker(elsewhere.communityId())))
                .contentType(ContentType.JSON).body(Map.of("idNumber", idNumber)).post("/api/residents/lookup").then(), 404, "not-found");
    }

    @Test
    void sexAndBirthDateMustAgreeWithTheIdNumber() {
        RegistryFixtures.Place place = registry.newCommunity();
        String token = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        String idNumber = RegistryFixtures.idNumber(LocalDate.of(1975, 8, 9), 'M');
        Map<String, Object> wrongBirth = newResident(idNumber, place.compoundId());
        wrongBirth.put("birthDate", "1975-08-10");
        assertProblem(create(token, wrongBirth), 422, "validation").body("errors[0].field", equalTo("birthDate"));
        Map<String, Object> wrongSex = newResident(idNumber, place.compoundId());
        wrongSex.put("sex", "F");
        assertProblem(create(token, wrongSex), 422, "validation").body("errors[0].field", equalTo("sex"));
        String badCheck = idNumber.substring(0, 17) + (idNumber.charAt(17) == '0' ? '1' : '0');
        assertProblem(create(token, newResident(badCheck, place.compoundId())), 422, "validation")
                .body("errors[0].field", equalTo("idNumber"));
        assertProblem(create(token, newResident(idNumber, 99_999_999L)), 422, "validation")
                .body("errors[0].field", equalTo("compoundId"));
        Map<String, Object> right = newResident(idNumber, place.compoundId());
        right.put("sex", "M");
        right.put("birthDate", "1975-08-09");
        create(token, right).statusCode(201);
        assertProblem(create(token, right), 409, "duplicate-resident");
        assertEquals(1, fixtures.count("SELECT count(*) FROM resident WHERE community_id = $1", place.communityId()));
        // Another community's compound is out of scope.
        RegistryFixtures.Place elsewhere = registry.newCommunity();
        assertProblem(create(token, newResident(RegistryFixtures.idNumber(LocalDate.of(1980, 1, 1), 'F'), elsewhere.compoundId())),
                403, "forbidden");
    }

    @Test
    void tagsKeepTheirHistory() {
        RegistryFixtures.Place place = registry.newCommunity();
        String token = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        long id = registry.resident(RegistryFixtures.idNumber(LocalDate.of(1950, 5, 5), 'M'), "测试标签", place.communityId(),
                place.grid1(), null, "13900000000", "LIVING");
        String path = "/api/residents/" + id + "/tags";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", "DISABILITY", "level", 3, "since", "2020-01-01"))
                .post(path).then().statusCode(200).body("level", equalTo(3)).body("source", equalTo("COMMUNITY_SURVEY"));
        // Same level again: only a confirmation.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", "DISABILITY", "level", 3))
                .post(path).then().statusCode(200).body("since", equalTo("2020-01-01"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", "DISABILITY", "level", 2, "since", "2025-03-01"))
                .post(path).then().statusCode(200).body("level", equalTo(2));
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", "DISABILITY"))
                .post(path).then(), 422, "validation").body("errors[0].field", equalTo("level"));
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", "NEW_EMPLOYMENT_WORKER"))
                .post(path).then(), 422, "validation").body("errors[0].field", equalTo("occupation"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", "NEW_EMPLOYMENT_WORKER", "occupation", "COURIER"))
                .post(path).then().statusCode(200);
        given().auth().oauth2(token).post(path + "/NEW_EMPLOYMENT_WORKER/end").then().statusCode(200)
                .body("until", equalTo(LocalDate.now(ResidentService.CHINA).toString()));
        given().auth().oauth2(token).queryParam("purpose", "disability review").get(path).then().statusCode(200)
                .body("$", hasSize(3))
                .body("code", contains("DISABILITY", "DISABILITY", "NEW_EMPLOYMENT_WORKER"))
                .body("[0].until", equalTo("2025-02-28"))
                .body("[1].until", nullValue());
        assertEquals(1, fixtures.count("SELECT count(*) FROM audit_log WHERE subject_id = $1 AND action = 'READ_TAG_HISTORY'", id));
    }

    @Test
    void staffDefineNewTags() {
        String code = "T" + (System.nanoTime() % 1_000_000_000L);
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("code", code, "name", "测试标签", "detail", "NONE"))
                .post("/api/resident-tags").then().statusCode(201).body("code", equalTo(code)).body("active", equalTo(true));
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("code", code, "name", "again"))
                .post("/api/resident-tags").then(), 409, "duplicate-tag");
        assertProblem(given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("code", "bad code", "name", "x"))
                .post("/api/resident-tags").then(), 422, "validation").body("errors[0].field", equalTo("code"));
        assertProblem(given().auth().oauth2(Fixtures.accessToken(fixtures.communityWorker(10))).contentType(ContentType.JSON)
                .body(Map.of("code", code + "X", "name", "x")).post("/api/resident-tags").then(), 403, "forbidden");
    }

    @Test
    void aResidentSeesTheirOwnRecordAndWhoReadIt() {
        RegistryFixtures.Place place = registry.newCommunity();
        String idNumber = RegistryFixtures.idNumber(LocalDate.of(1948, 11, 30), 'F');
        long id = registry.resident(idNumber, "测试本人", place.communityId(), place.grid1(), place.compoundId(), "13955556666", "LIVING");
        String me = Fixtures.residentToken();
        assertProblem(given().auth().oauth2(me).get("/api/me/record").then(), 404, "record-not-linked");
        assertProblem(given().auth().oauth2(me).contentType(ContentType.JSON)
                .body(Map.of("idNumber", idNumber, "name", "测试本人", "phone", "13900000000")).post("/api/me/record/link").then(),
                422, "validation").body("errors[0].field", equalTo("idNumber"));
        given().auth().oauth2(me).contentType(ContentType.JSON)
                .body(Map.of("idNumber", idNumber, "name", "测试本人", "phone", "13955556666")).post("/api/me/record/link")
                .then().statusCode(200).body("id", equalTo((int) id));
        // A second account cannot claim the same record.
        assertProblem(given().auth().oauth2(Fixtures.residentToken()).contentType(ContentType.JSON)
                .body(Map.of("idNumber", idNumber, "name", "测试本人", "phone", "13955556666")).post("/api/me/record/link").then(),
                409, "record-already-linked");

        String worker = fixtures.communityWorker(place.communityId());
        given().auth().oauth2(Fixtures.accessToken(worker)).queryParam("purpose", "elderly care visit")
                .get("/api/residents/" + id).then().statusCode(200);
        given().auth().oauth2(me).get("/api/me/record").then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("phone", equalTo("13955556666"))
                .body("compoundName", equalTo("测试小区"));
        given().auth().oauth2(me).get("/api/me/record/access-log").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].purpose", equalTo("elderly care visit"))
                .body("[0].actorRole", equalTo("COMMUNITY_WORKER"))
                .body("[0].actorName", equalTo("测试 " + worker))
                .body("[0].actorUnit", equalTo(fixtures.sql("SELECT name FROM community WHERE id = $1", place.communityId())
                        .iterator().next().getString(0)));
        assertProblem(given().auth().oauth2(Fixtures.accessToken(worker)).get("/api/me/record").then(), 403, "forbidden");
    }

    @Test
    void workersAddCompoundsInTheirCommunityAndRegisterResidentsThere() {
        RegistryFixtures.Place place = registry.newCommunity();
        String token = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        Map<String, Object> compound = Map.of("communityId", place.communityId(), "gridId", place.grid2(), "name", "新建小区",
                "streetAddress", "测试路100号");
        long id = given().auth().oauth2(token).contentType(ContentType.JSON).body(compound).post("/api/compounds")
                .then().statusCode(201).body("gridId", equalTo((int) place.grid2())).extract().jsonPath().getLong("id");
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(compound).post("/api/compounds").then(),
                409, "duplicate-compound");
        RegistryFixtures.Place elsewhere = registry.newCommunity();
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("communityId", place.communityId(), "gridId", elsewhere.grid1(), "name", "错网格"))
                .post("/api/compounds").then(), 422, "validation").body("errors[0].field", equalTo("gridId"));
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("communityId", elsewhere.communityId(), "gridId", elsewhere.grid1(), "name", "别人的"))
                .post("/api/compounds").then(), 403, "forbidden");
        given().auth().oauth2(token).queryParam("community", place.communityId()).get("/api/compounds").then().statusCode(200)
                .body("name", containsInAnyOrder("测试小区", "新建小区"));
        create(token, newResident(RegistryFixtures.idNumber(LocalDate.of(1990, 2, 2), 'F'), id)).statusCode(201)
                .body("gridId", equalTo((int) place.grid2()))
                .body("compoundName", equalTo("新建小区"));
    }
}
