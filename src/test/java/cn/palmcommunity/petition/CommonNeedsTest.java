package cn.palmcommunity.petition;

import cn.palmcommunity.testsupport.Fixtures;
import cn.palmcommunity.testsupport.WeChatStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.petition.InsightFixtures.centre;
import static cn.palmcommunity.petition.InsightFixtures.offset;
import static cn.palmcommunity.petition.InsightFixtures.petition;
import static cn.palmcommunity.petition.InsightFixtures.resident;
import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Common needs (共性需求), on communities 120-123, which no other test uses. */
@QuarkusTest
@QuarkusTestResource(WeChatStub.class)
class CommonNeedsTest {

    @Inject
    Fixtures fixtures;

    private static JsonPath needs(String token, Map<String, ?> params) {
        return given().auth().oauth2(token).queryParams(params).get("/api/petitions/common-needs")
                .then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static List<Long> ids(JsonPath needs, int index) {
        return needs.getList("[" + index + "].petitionIds", Long.class);
    }

    @Test
    void petitionsCloseTogetherFromSeveralResidentsAreOneNeed() {
        double[] here = centre(fixtures, 120);
        long a = petition(120, "NOISE").reporter(resident(fixtures)).at(here).insert(fixtures);
        long b = petition(120, "NOISE").reporter(resident(fixtures)).at(offset(here, 80, 40)).submitted(OffsetDateTime.now().minusDays(3))
                .insert(fixtures);
        long c = petition(120, "NOISE").reporter(resident(fixtures)).at(offset(here, -60, 120)).status("CLOSED")
                .submitted(OffsetDateTime.now().minusDays(20)).insert(fixtures);
        // Not members: a duplicate folded into another, another category, and one older than the window.
        petition(120, "NOISE").reporter(resident(fixtures)).at(offset(here, 10, 10)).status("MERGED").insert(fixtures);
        petition(120, "SANITATION").reporter(resident(fixtures)).at(offset(here, 5, 5)).insert(fixtures);
        long old = petition(120, "NOISE").reporter(resident(fixtures)).at(offset(here, -20, -20))
                .submitted(OffsetDateTime.now().minusDays(40)).insert(fixtures);

        String worker = PetitionFixtures.workerOf(fixtures, 120);
        JsonPath found = needs(worker, Map.of("category", "NOISE"));
        assertEquals(1, found.getList("$").size(), found.prettify());
        assertEquals("NOISE", found.getString("[0].categoryCode"));
        assertEquals("噪音扰民", found.getString("[0].categoryName"));
        assertEquals(3, found.getInt("[0].members"));
        assertEquals(3, found.getInt("[0].reporters"));
        assertEquals(List.of(a, b, c), ids(found, 0), "newest first");
        assertEquals(List.of(120L), found.getList("[0].communityIds", Long.class));
        assertEquals(Map.of("SUBMITTED", 2, "CLOSED", 1), found.getMap("[0].statusCounts"));
        assertEquals(here[0], found.getDouble("[0].centre.latitude"), 0.002);
        assertEquals(here[1], found.getDouble("[0].centre.longitude"), 0.002);
        assertTrue(found.getInt("[0].spreadMetres") > 50 && found.getInt("[0].spreadMetres") < 200, found.prettify());
        assertTrue(OffsetDateTime.parse(found.getString("[0].firstSubmittedAt")).isBefore(OffsetDateTime.now().minusDays(19)));

        JsonPath longer = needs(worker, Map.of("category", "NOISE", "days", 60));
        assertEquals(4, longer.getInt("[0].reporters"));
        assertTrue(ids(longer, 0).contains(old));
        JsonPath stricter = needs(worker, Map.of("category", "NOISE", "minReporters", 4));
        assertEquals(0, stricter.getList("$").size());
    }

    @Test
    void aResidentFilingAgainIsStillOneReporterAndPhonesCountAsReporters() {
        double[] here = centre(fixtures, 121);
        long repeater = resident(fixtures);
        for (int i = 0; i < 3; i++) {
            petition(121, "SANITATION").reporter(repeater).at(offset(here, i * 30, 0)).insert(fixtures);
        }
        // Two hotline calls from the same phone are one caller.
        petition(121, "SANITATION").phone("13900001210").at(offset(here, 0, 50)).insert(fixtures);
        petition(121, "SANITATION").phone("13900001210").at(offset(here, 0, 70)).insert(fixtures);

        String worker = PetitionFixtures.workerOf(fixtures, 121);
        assertEquals(0, needs(worker, Map.of("category", "SANITATION")).getList("$").size(), "two reporters are too few for three");
        JsonPath two = needs(worker, Map.of("category", "SANITATION", "minReporters", 2));
        assertEquals(1, two.getList("$").size(), two.prettify());
        assertEquals(5, two.getInt("[0].members"));
        assertEquals(2, two.getInt("[0].reporters"));

        petition(121, "SANITATION").reporter(resident(fixtures)).at(offset(here, 40, 40)).insert(fixtures);
        assertEquals(3, needs(worker, Map.of("category", "SANITATION")).getInt("[0].reporters"));
    }

    @Test
    void groupsFartherApartThanTheRadiusAreSeparateNeeds() {
        double[] west = centre(fixtures, 122);
        double[] east = offset(west, 0, 1000);
        for (double[] place : List.of(west, east)) {
            for (int i = 0; i < 3; i++) {
                petition(122, "GREENING").reporter(resident(fixtures)).at(offset(place, i * 40, i * 20)).insert(fixtures);
            }
            // Each group gets a fourth resident, so the bigger group can be told apart.
            if (place == east) {
                petition(122, "GREENING").reporter(resident(fixtures)).at(offset(place, -30, 0)).insert(fixtures);
            }
        }
        String worker = PetitionFixtures.workerOf(fixtures, 122);
        JsonPath apart = needs(worker, Map.of("category", "GREENING", "radius", 300));
        assertEquals(2, apart.getList("$").size(), apart.prettify());
        assertEquals(4, apart.getInt("[0].reporters"), "most reporters first");
        assertEquals(east[1], apart.getDouble("[0].centre.longitude"), 0.001);
        assertEquals(3, apart.getInt("[1].reporters"));
        assertEquals(west[1], apart.getDouble("[1].centre.longitude"), 0.001);

        JsonPath together = needs(worker, Map.of("category", "GREENING", "radius", 1200));
        assertEquals(1, together.getList("$").size(), together.prettify());
        assertEquals(7, together.getInt("[0].members"));
    }

    @Test
    void coSignersAreReportersToo() {
        double[] here = centre(fixtures, 123);
        String first = Fixtures.residentToken();
        long filed = PetitionFixtures.file(first, PetitionFixtures.newPetition("PROPERTY_MANAGEMENT", "电梯坏了一周", here[0], here[1]));
        String neighbour = Fixtures.residentToken();
        given().auth().oauth2(neighbour).post("/api/petitions/" + filed + "/cosign").then().statusCode(200);
        double[] near = offset(here, 50, 50);
        long second = PetitionFixtures.file(Fixtures.residentToken(),
                PetitionFixtures.newPetition("PROPERTY_MANAGEMENT", "电梯又停了", near[0], near[1]));
        assertEquals(123L, fixtures.count("SELECT community_id FROM petition WHERE id = $1", second), "filed by location");

        JsonPath found = needs(PetitionFixtures.workerOf(fixtures, 123), Map.of("category", "PROPERTY_MANAGEMENT"));
        assertEquals(1, found.getList("$").size(), found.prettify());
        assertEquals(2, found.getInt("[0].members"));
        assertEquals(3, found.getInt("[0].reporters"));
        assertEquals(List.of(second, filed), ids(found, 0));
    }

    @Test
    void needsStayInsideTheCallersScope() {
        double[] here = centre(fixtures, 120);
        for (int i = 0; i < 3; i++) {
            petition(120, "SAFETY_HAZARD").reporter(resident(fixtures)).at(offset(here, 200, i * 30)).insert(fixtures);
        }
        Map<String, String> hazards = Map.of("category", "SAFETY_HAZARD");
        String otherWorker = PetitionFixtures.workerOf(fixtures, 121);
        assertEquals(0, needs(otherWorker, hazards).getList("$").size());
        assertProblem(given().auth().oauth2(otherWorker).queryParam("community", 120).get("/api/petitions/common-needs").then(),
                403, "forbidden");

        String street = Fixtures.accessToken(fixtures.staff("STREET_STAFF", null, 19L, null, null, null));
        assertEquals(1, needs(street, hazards).getList("$").size());
        String district = Fixtures.accessToken(fixtures.districtAdmin());
        JsonPath inOne = needs(district, Map.of("category", "SAFETY_HAZARD", "community", 120));
        assertEquals(1, inOne.getList("$").size());
        assertEquals(List.of(120L), inOne.getList("[0].communityIds", Long.class));

        assertProblem(given().auth().oauth2(Fixtures.residentToken()).get("/api/petitions/common-needs").then(), 403, "forbidden");
    }

    @Test
    void wrongParametersAreNamed() {
        String worker = PetitionFixtures.workerOf(fixtures, 120);
        assertProblem(given().auth().oauth2(worker).queryParam("radius", "wide").get("/api/petitions/common-needs").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("radius"));
        assertProblem(given().auth().oauth2(worker).queryParam("radius", 5).get("/api/petitions/common-needs").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("radius"));
        assertProblem(given().auth().oauth2(worker).queryParam("minReporters", 1).get("/api/petitions/common-needs").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("minReporters"));
        assertProblem(given().auth().oauth2(worker).queryParam("category", "noise; drop").get("/api/petitions/common-needs").then(), 400,
                "wrong-type").body("errors[0].field", equalTo("category"));
    }
}
