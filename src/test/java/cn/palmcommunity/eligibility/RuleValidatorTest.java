package cn.palmcommunity.eligibility;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of bad rule is refused with a JSON pointer to the wrong part; good rules compile with bound values only. */
class RuleValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TAGS = Set.of("VETERAN", "LOW_INCOME", "AGED_LIVING_ALONE", "TWO_CANCER_SCREENED", "ONLY_CHILD_FAMILY");

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Problem.FieldError refused(String rule) {
        ProblemException e = assertThrows(ProblemException.class, () -> RuleValidator.validate(json(rule), "rule", TAGS));
        assertEquals(422, e.problem().status());
        assertEquals(1, e.problem().errors().size());
        return e.problem().errors().get(0);
    }

    private static void assertRefused(String rule, String pointer, String messagePart) {
        Problem.FieldError error = refused(rule);
        assertEquals(pointer, error.field(), "pointer for " + rule);
        assertTrue(error.message().contains(messagePart), "message '" + error.message() + "' should mention " + messagePart);
    }

    @Test
    void unknownFieldsAndConditionsArePointedAt() {
        assertRefused("{\"all\": [{\"sex\": \"F\"}, {\"age\": {\"atLeast\": 35, \"older\": 3}}]}", "rule/all/1/age/older", "unknown field older");
        assertRefused("{\"any\": [{\"income\": {\"below\": 900}}]}", "rule/any/0/income", "unknown condition income");
        assertRefused("{\"sex\": \"F\", \"age\": {\"atLeast\": 3}}", "rule", "exactly one condition");
        assertRefused("{}", "rule", "empty condition");
        assertRefused("[1, 2]", "rule", "must be an object");
        assertRefused("null", "rule", "is required");
    }

    @Test
    void unknownTagsAreRefused() {
        assertRefused("{\"all\": [{\"age\": {\"atLeast\": 60}}, {\"not\": {\"tag\": {\"code\": \"DRAGON_RIDER\"}}}]}",
                "rule/all/1/not/tag/code", "unknown tag DRAGON_RIDER");
        assertRefused("{\"tag\": {\"code\": 7}}", "rule/tag/code", "tag code");
        ProblemException e = assertThrows(ProblemException.class, () -> RuleValidator.validate(
                json("{\"event\": {\"kind\": \"SCREENING_DONE\", \"thisYear\": true}}"), "rule", Set.of("VETERAN")));
        assertEquals("rule/event/kind", e.problem().errors().get(0).field(), "the screening event needs its tag to be defined");
    }


    @Test
    void typeErrorsAreNamed() {
        assertRefused("{\"all\": [{\"sex\": \"F\"}, {\"livingStatus\": \"LIVING\"}, {\"age\": {\"atLeast\": \"1960-01-01\"}}]}",
                "rule/all/2/age/atLeast", "whole number of years, not a date");
        assertRefused("{\"age\": {\"atLeast\": 35.5}}", "rule/age/atLeast", "whole number of years");
        assertRefused("{\"age\": {\"atLeast\": 70, \"atMost\": 60}}", "rule/age/atMost", "must not be below atLeast");
        assertRefused("{\"age\": {}}", "rule/age", "needs atLeast, atMost or both");
        assertRefused("{\"sex\": \"X\"}", "rule/sex", "one of [F, M]");
        assertRefused("{\"turnedAge\": {\"age\": 80, \"withinDays\": \"2026-01-01\"}}", "rule/turnedAge/withinDays", "not a date");
        assertRefused("{\"residence\": {\"minDays\": 0}}", "rule/residence/minDays", "between 1 and 36500");
        assertRefused("{\"event\": {\"kind\": \"BIRTH_REGISTERED\"}}", "rule/event", "exactly one window");
        assertRefused("{\"event\": {\"kind\": \"BIRTH_REGISTERED\", \"withinDays\": 30, \"thisYear\": true}}", "rule/event", "exactly one window");
        assertRefused("{\"event\": {\"kind\": \"WEDDING\", \"withinDays\": 30}}", "rule/event/kind", "must be one of");
        assertRefused("{\"household\": {\"kind\": \"HAS_NEWBORN\", \"minAge\": 60}}", "rule/household/minAge", "only to AGED_LIVING_ALONE");
        assertRefused("{\"household\": {\"kind\": \"AGED_LIVING_ALONE\"}}", "rule/household/minAge", "is required");
        assertRefused("{\"relationToHead\": [\"HEAD\", \"COUSIN\"]}", "rule/relationToHead/1", "must be one of");
        assertRefused("{\"tag\": {\"code\": \"VETERAN\", \"heldAtLeastDays\": 365, \"sinceWithinDays\": 30}}",
                "rule/tag/sinceWithinDays", "no one qualifies");
    }

    @Test
    void emptyListsAreRefused() {
        assertRefused("{\"all\": []}", "rule/all", "must not be empty");
        assertRefused("{\"all\": [{\"sex\": \"F\"}, {\"any\": []}]}", "rule/all/1/any", "must not be empty");
        assertRefused("{\"any\": {\"sex\": \"F\"}}", "rule/any", "list of conditions");
    }

    @Test
    void deepTreesReferencesAndHugeListsAreRefused() {
        String deep = "{\"sex\": \"F\"}";
        for (int i = 0; i < RuleValidator.MAX_DEPTH; i++) {
            deep = "{\"not\": " + deep + "}";
        }
        assertRefused(deep, "rule" + "/not".repeat(RuleValidator.MAX_DEPTH), "nested too deeply");
        assertRefused("{\"all\": [{\"$ref\": \"#/rule\"}]}", "rule/all/0/$ref", "references are not allowed");
        String many = "{\"any\": [" + "{\"sex\": \"F\"}, ".repeat(RuleValidator.MAX_LIST) + "{\"sex\": \"M\"}]}";
        assertRefused(many, "rule/any", "at most " + RuleValidator.MAX_LIST);
    }

    @Test
    void aValidRuleCompilesWithEveryValueBound() {
        RuleNode rule = RuleValidator.validate(json("""
                {"all": [{"sex": "F"}, {"age": {"atLeast": 35, "atMost": 64}}, {"tag": {"code": "LOW_INCOME", "heldAtLeastDays": 30}},
                         {"not": {"event": {"kind": "SCREENING_DONE", "thisYear": true}}}, {"relationToHead": ["HEAD", "SPOUSE"]},
                         {"any": [{"household": {"kind": "AGED_LIVING_ALONE", "minAge": 70}}, {"turnedAge": {"age": 60, "withinDays": 30}}]}]}"""),
                "rule", TAGS);
        RuleCompiler.Params params = new RuleCompiler.Params();
        String sql = RuleCompiler.predicate(rule, LocalDate.of(2026, 11, 26), params);
        assertFalse(sql.contains("LOW_INCOME"), "tag codes are bound, not written into the SQL");
        assertFalse(sql.contains("2026"), "dates are bound");
        assertFalse(sql.contains("'F'"), "values are bound");
        assertTrue(params.values().contains("LOW_INCOME"));
        assertTrue(params.values().contains(LocalDate.of(1991, 11, 26)), "age 35 on 2026-11-26: born on or before 1991-11-26");
        assertTrue(params.values().contains(LocalDate.of(1961, 11, 26)), "age 64 on 2026-11-26: born after 1961-11-26");
        assertTrue(params.values().contains(LocalDate.of(2025, 12, 31)), "this year's window starts after 2025-12-31");
    }
}
