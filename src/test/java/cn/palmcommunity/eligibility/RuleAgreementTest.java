package cn.palmcommunity.eligibility;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiled SQL and the Java reference evaluator must select the same residents: over the demo
 * district (600 residents) plus a random population of the test's own with households, tag
 * histories, screenings, move-in dates and relations, for the seeded rules and rules exercising
 * every condition.
 */
@QuarkusTest
class RuleAgreementTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    private static final String[] TAGS = {"AGED_LIVING_ALONE", "LOW_INCOME", "DISABILITY", "VETERAN", "ONLY_CHILD_FAMILY", "UNEMPLOYED", "VETERAN_UNEMPLOYED",
        "TWO_CANCER_SCREENED"};
    private static final String[] RELATIONS = {"HEAD", "SPOUSE", "CHILD", "PARENT", null};

    private static final List<String> CRAFTED = List.of(
            "{\"turnedAge\": {\"age\": 60, \"withinDays\": 400}}",
            "{\"all\": [{\"residence\": {\"minDays\": 730}}, {\"age\": {\"atMost\": 30}}]}",
            "{\"tag\": {\"code\": \"LOW_INCOME\", \"heldAtLeastDays\": 365}}",
            "{\"tag\": {\"code\": \"DISABILITY\", \"sinceWithinDays\": 400}}",
            "{\"not\": {\"tag\": {\"code\": \"VETERAN\"}}}",
            "{\"event\": {\"kind\": \"BIRTH_REGISTERED\", \"withinDays\": 200}}",
            "{\"event\": {\"kind\": \"SCREENING_DONE\", \"withinDays\": 500}}",
            "{\"household\": {\"kind\": \"HAS_NEWBORN\"}}",
            "{\"not\": {\"household\": {\"kind\": \"AGED_LIVING_ALONE\", \"minAge\": 65}}}",
            "{\"any\": [{\"relationToHead\": [\"CHILD\"]}, {\"not\": {\"relationToHead\": [\"HEAD\", \"SPOUSE\"]}}]}",
            "{\"all\": [{\"livingStatus\": \"DECEASED\"}, {\"sex\": \"M\"}]}",
            "{\"not\": {\"any\": [{\"age\": {\"atLeast\": 18, \"atMost\": 59}}, {\"livingStatus\": \"MOVED_OUT\"}]}}");

    @Inject
    Fixtures fixtures;

    @Inject
    EligibilityFixtures eligibility;

    @Inject
    PolicyRules rules;

    @Inject
    Pool pool;

    @Test
    void sqlAndJavaSelectTheSameResidents() {
        population(new Random(20261126), 160);
        Set<String> tags = rules.knownTags(pool).await().atMost(Duration.ofSeconds(10));
        List<RuleEvaluator.Person> people = load();
        assertTrue(people.size() >= 760, "demo district and the test's own population");

        List<String> ruleTexts = new ArrayList<>(CRAFTED);
        fixtures.sql("SELECT v.rule::text FROM policy p JOIN policy_version v ON v.policy_id = p.id WHERE p.code = ANY($1)",
                (Object) PolicyResourceTest.SEEDED.toArray(String[]::new)).forEach(r -> ruleTexts.add(r.getString(0)));
        assertEquals(CRAFTED.size() + 7, ruleTexts.size());

        int nonTrivial = 0;
        for (String text : ruleTexts) {
            RuleNode rule = RuleValidator.validate(rules.tree(text), "rule", tags);
            RuleCompiler.Params params = new RuleCompiler.Params();
            String sql = "SELECT r.id FROM resident r JOIN community c ON c.id = r.community_id JOIN street s ON s.id = c.street_id"
                    + " WHERE s.district_id = 1 AND (" + RuleCompiler.predicate(rule, DAY, params) + ")";
            TreeSet<Long> bySql = new TreeSet<>();
            pool.preparedQuery(sql).execute(Tuple.from(params.values())).await().atMost(Duration.ofSeconds(30))
                    .forEach(r -> bySql.add(r.getLong(0)));
            TreeSet<Long> byJava = new TreeSet<>();
            for (RuleEvaluator.Person p : people) {
                if (RuleEvaluator.holds(rule, p, DAY)) {
                    byJava.add(p.id());
                }
            }
            assertEquals(byJava, bySql, "SQL and Java agree on " + text);

            // The sweep's form: current tag codes fetched once per statement.
            RuleCompiler.Params sweepParams = new RuleCompiler.Params();
            String sweepSql = "SELECT r.id FROM resident r JOIN community c ON c.id = r.community_id JOIN street s ON s.id = c.street_id"
                    + " LEFT JOIN (SELECT t.resident_id, array_agg(t.tag_code) AS codes FROM resident_tag t WHERE t.until IS NULL"
                    + " GROUP BY t.resident_id) rt ON rt.resident_id = r.id"
                    + " WHERE s.district_id = 1 AND (" + RuleCompiler.predicate(rule, DAY, sweepParams, "rt.codes") + ")";
            TreeSet<Long> bySweep = new TreeSet<>();
            pool.preparedQuery(sweepSql).execute(Tuple.from(sweepParams.values())).await().atMost(Duration.ofSeconds(30))
                    .forEach(r -> bySweep.add(r.getLong(0)));
            assertEquals(byJava, bySweep, "the sweep's SQL and Java agree on " + text);
            if (!bySql.isEmpty() && bySql.size() < people.size()) {
                nonTrivial++;
            }
        }
        assertTrue(nonTrivial >= ruleTexts.size() - 2, "almost every rule selects some but not all residents (" + nonTrivial + ")");
    }

    private void population(Random random, int size) {
        RegistryFixtures.Place place = eligibility.newCommunity();
        List<Long> households = new ArrayList<>();
        for (int i = 0; i < size / 3; i++) {
            households.add(eligibility.household(place));
        }
        for (int i = 0; i < size; i++) {
            LocalDate birth = i % 8 == 0 ? DAY.minusDays(random.nextInt(500)) : LocalDate.of(1925, 1, 1).plusDays(random.nextInt(100 * 365));
            String living = random.nextInt(12) == 0 ? "DECEASED" : random.nextInt(12) == 0 ? "MOVED_OUT" : "LIVING";
            long id = eligibility.resident(place, birth, random.nextBoolean() ? 'F' : 'M', living);
            if (random.nextInt(4) > 0) {
                eligibility.joinHousehold(id, households.get(random.nextInt(households.size())), RELATIONS[random.nextInt(RELATIONS.length)]);
            }
            if (random.nextBoolean()) {
                fixtures.sql("UPDATE resident SET moved_in_on = $2 WHERE id = $1", id, DAY.minusDays(random.nextInt(2000)));
            }
            for (String tag : TAGS) {
                if (random.nextInt(4) == 0) {
                    LocalDate since = DAY.minusDays(random.nextInt(1100) - 20);
                    eligibility.tag(id, tag, since);
                    if (random.nextInt(4) == 0) {
                        eligibility.endTag(id, tag, since.plusDays(random.nextInt(30)));
                    }
                }
            }
        }
    }

    private List<RuleEvaluator.Person> load() {
        List<Row> rows = new ArrayList<>();
        fixtures.sql("""
                SELECT r.id, r.sex, r.birth_date, r.living_status, r.relation_to_head, r.moved_in_on,
                       (r.created_at AT TIME ZONE 'Asia/Shanghai')::date AS registered_on, r.household_id
                  FROM resident r JOIN community c ON c.id = r.community_id JOIN street s ON s.id = c.street_id
                 WHERE s.district_id = 1""").forEach(rows::add);
        Map<Long, List<RuleEvaluator.TagRow>> tagsOf = new HashMap<>();
        fixtures.sql("""
                SELECT t.resident_id, t.tag_code, t.since, t.until FROM resident_tag t
                  JOIN resident r ON r.id = t.resident_id JOIN community c ON c.id = r.community_id JOIN street s ON s.id = c.street_id
                 WHERE s.district_id = 1""")
                .forEach(t -> tagsOf.computeIfAbsent(t.getLong(0), k -> new ArrayList<>())
                        .add(new RuleEvaluator.TagRow(t.getString(1), t.getLocalDate(2), t.getLocalDate(3))));
        Map<Long, List<RuleEvaluator.Member>> members = new HashMap<>();
        for (Row r : rows) {
            if (r.getLong("household_id") != null) {
                members.computeIfAbsent(r.getLong("household_id"), k -> new ArrayList<>())
                        .add(new RuleEvaluator.Member(r.getLong("id"), r.getLocalDate("birth_date"), r.getString("living_status")));
            }
        }
        List<RuleEvaluator.Person> people = new ArrayList<>();
        for (Row r : rows) {
            long id = r.getLong("id");
            Long household = r.getLong("household_id");
            List<RuleEvaluator.Member> others = household == null ? List.of()
                    : members.get(household).stream().filter(m -> m.id() != id).toList();
            people.add(new RuleEvaluator.Person(id, r.getString("sex"), r.getLocalDate("birth_date"), r.getString("living_status"),
                    r.getString("relation_to_head"), r.getLocalDate("moved_in_on"), r.getLocalDate("registered_on"), household,
                    tagsOf.getOrDefault(id, List.of()), others));
        }
        return people;
    }
}
