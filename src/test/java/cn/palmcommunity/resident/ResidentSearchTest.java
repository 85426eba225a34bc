package cn.palmcommunity.resident;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Filters counted and paged against the same question answered in Java over the test's own residents. */
@QuarkusTest
class ResidentSearchTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RegistryFixtures registry;

    private static final LocalDate ON = LocalDate.of(2026, 6, 15);

    /** Every id the filter finds, paging 7 at a time; checks count equals the ids and the pages are in id order. */
    private List<Long> all(String token, Map<String, Object> filter) {
        List<Long> ids = new ArrayList<>();
        String after = null;
        long count = -1;
        do {
            Map<String, Object> body = new HashMap<>();
            body.put("filter", filter);
            body.put("limit", 7);
            body.put("after", after);
            JsonPath page = given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .post("/api/residents/search").then().statusCode(200).extract().jsonPath();
            count = page.getLong("count");
            ids.addAll(page.getList("items.id", Long.class));
            after = page.getString("nextCursor");
        } while (after != null);
        assertEquals(count, ids.size(), "count agrees with the pages");
        assertEquals(ids.stream().sorted().toList(), ids, "pages in id order without gaps or repeats");
        return ids;
    }

    private static Predicate<Population.Person> hasTag(String tag) {
        return p -> p.tags().containsKey(tag);
    }

    @Test
    void filterCountsAgreeWithAnIndependentAnswer() {
        Population pop = new Population(registry, 42, 90);
        String token = Fixtures.accessToken(fixtures.communityWorker(pop.place().communityId()));

        assertEquals(pop.ids(p -> true), all(token, Map.of()));
        // The screening case: women 35-64 on a day, living, not screened since 1 January.
        assertEquals(pop.ids(p -> p.sex() == 'F' && p.ageOn(ON) >= 35 && p.ageOn(ON) <= 64 && p.living().equals("LIVING")
                        && !(p.tags().containsKey("TWO_CANCER_SCREENED") && !p.tags().get("TWO_CANCER_SCREENED").isBefore(Population.JAN_1))),
                all(token, Map.of("sex", "F", "ageMin", 35, "ageMax", 64, "ageOn", ON.toString(), "livingStatus", List.of("LIVING"),
                        "withoutTagSince", Map.of("tag", "TWO_CANCER_SCREENED", "since", "2026-01-01"))));
        assertEquals(pop.ids(hasTag("AGED_LIVING_ALONE").and(hasTag("LOW_INCOME"))),
                all(token, Map.of("tagsAll", List.of("AGED_LIVING_ALONE", "LOW_INCOME"))));
        assertEquals(pop.ids(hasTag("LOW_INCOME").or(hasTag("PARTY_MEMBER"))),
                all(token, Map.of("tagsAny", List.of("LOW_INCOME", "PARTY_MEMBER"))));
        assertEquals(pop.ids(hasTag("PARTY_MEMBER").negate().and(hasTag("AGED_LIVING_ALONE").negate())),
                all(token, Map.of("tagsNone", List.of("PARTY_MEMBER", "AGED_LIVING_ALONE"))));
        assertEquals(pop.ids(p -> p.tags().containsKey("LOW_INCOME") && p.tags().get("LOW_INCOME").isBefore(Population.JAN_1)),
                all(token, Map.of("tagNotConfirmedSince", Map.of("tag", "LOW_INCOME", "since", "2026-01-01"))));
        assertEquals(pop.ids(p -> p.lastVisit() == null || p.lastVisit().isBefore(Population.JAN_1)),
                all(token, Map.of("notVisitedSince", "2026-01-01")));
        assertEquals(pop.ids(p -> p.grid() == pop.place().grid2()), all(token, Map.of("gridIds", List.of(pop.place().grid2()))));
        assertEquals(pop.ids(Population.Person::inCompound), all(token, Map.of("compoundIds", List.of(pop.place().compoundId()))));
        assertEquals(pop.ids(p -> !p.living().equals("LIVING")), all(token, Map.of("livingStatus", List.of("DECEASED", "MOVED_OUT"))));
    }

    @Test
    void agesCountWholeYearsOnTheGivenDay() {
        Population pop = new Population(registry, 7, 3);
        long born1990 = pop.people.get(0).id();   // 1990-06-15
        String token = Fixtures.accessToken(fixtures.communityWorker(pop.place().communityId()));
        assertEquals(true, all(token, Map.of("ageMin", 36, "ageMax", 36, "ageOn", "2026-06-15")).contains(born1990));
        assertEquals(false, all(token, Map.of("ageMin", 36, "ageOn", "2026-06-14")).contains(born1990));
        assertEquals(true, all(token, Map.of("ageMax", 35, "ageOn", "2026-06-14")).contains(born1990));
    }

    @Test
    void listsAreMaskedUnlessTheRolePhonesResidents() {
        Population pop = new Population(registry, 3, 5);
        long community = pop.place().communityId();
        Map<String, Object> body = Map.of("filter", Map.of("communityIds", List.of(community)));
        given().auth().oauth2(Fixtures.accessToken(fixtures.communityWorker(community))).contentType(ContentType.JSON).body(body)
                .post("/api/residents/search").then().statusCode(200)
                .body("items.phone", everyItem(matchesPattern("139\\d{8}")))
                .body("items.idNumberMasked", everyItem(matchesPattern("51\\d\\*{11}\\d{3}[0-9X]")));
        given().auth().oauth2(Fixtures.accessToken(fixtures.districtAdmin())).contentType(ContentType.JSON).body(body)
                .post("/api/residents/search").then().statusCode(200)
                .body("count", equalTo(5))
                .body("items.phone", everyItem(matchesPattern("139\\*{4}\\d{4}")));
    }

    @Test
    void departmentsFilterAndSeeOnlyTheirBusiness() {
        Population pop = new Population(registry, 11, 30);
        long community = pop.place().communityId();
        String civil = Fixtures.accessToken(fixtures.staff("DEPARTMENT_STAFF", 1L, null, null, null, "CIVIL_AFFAIRS"));
        assertProblem(given().auth().oauth2(civil).contentType(ContentType.JSON)
                .body(Map.of("filter", Map.of("communityIds", List.of(community), "tagsNone", List.of("PARTY_MEMBER"))))
                .post("/api/residents/search").then(), 422, "validation")
                .body("errors[0].field", equalTo("filter.tagsNone[0]"));
        assertEquals(pop.ids(hasTag("LOW_INCOME")), all(civil, Map.of("communityIds", List.of(community), "tagsAll", List.of("LOW_INCOME"))));
        given().auth().oauth2(civil).contentType(ContentType.JSON)
                .body(Map.of("filter", Map.of("communityIds", List.of(community)), "limit", 200))
                .post("/api/residents/search").then().statusCode(200)
                .body("items.tags.flatten()", not(hasItem("PARTY_MEMBER")))
                .body("items.tags.flatten()", hasItem("LOW_INCOME"))
                .body("items.phone", everyItem(matchesPattern("139\\*{4}\\d{4}")));
    }

    @Test
    void workersSearchOnlyTheirScope() {
        Population mine = new Population(registry, 5, 4);
        Population theirs = new Population(registry, 6, 4);
        String token = Fixtures.accessToken(fixtures.communityWorker(mine.place().communityId()));
        assertEquals(mine.ids(p -> true), all(token, Map.of()));
        assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("filter", Map.of("communityIds", List.of(theirs.place().communityId()))))
                .post("/api/residents/search").then(), 403, "forbidden");
        String gridWorker = Fixtures.accessToken(fixtures.staff("GRID_WORKER", null, null, mine.place().communityId(), mine.place().grid1(), null));
        assertEquals(mine.ids(p -> p.grid() == mine.place().grid1()), all(gridWorker, Map.of()));
    }

    @Test
    void badFiltersAreRejectedNamingTheField() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        Object[][] cases = {
            {Map.of("filter", Map.of("ageMin", -1)), "filter.ageMin"},
            {Map.of("filter", Map.of("ageMin", 60, "ageMax", 30)), "filter.ageMax"},
            {Map.of("filter", Map.of("sex", "X")), "filter.sex"},
            {Map.of("filter", Map.of("tagsAll", List.of("LOW_INCOME", "NO_SUCH_TAG"))), "filter.tagsAll[1]"},
            {Map.of("filter", Map.of("livingStatus", List.of("ASLEEP"))), "filter.livingStatus[0]"},
            {Map.of("filter", Map.of("communityIds", List.of(99_999_999))), "filter.communityIds[0]"},
            {Map.of("filter", Map.of("withoutTagSince", Map.of("tag", "LOW_INCOME"))), "filter.withoutTagSince.since"},
            {Map.of("limit", 0), "limit"},
            {Map.of("after", "abc"), "after"},
        };
        for (Object[] c : cases) {
            assertProblem(given().auth().oauth2(token).contentType(ContentType.JSON).body(c[0])
                    .post("/api/residents/search").then(), 422, "validation")
                    .body("errors[0].field", equalTo(c[1]));
        }
        assertProblem(given().auth().oauth2(Fixtures.residentToken()).contentType(ContentType.JSON).body(Map.of())
                .post("/api/residents/search").then(), 403, "forbidden");
    }
}
