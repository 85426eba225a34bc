package cn.palmcommunity.eligibility;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The compact facts a sweep stores are shown with every source and every tag's presence. */
class LeadFactsTest {

    @Test
    void compactFactsAreShownWithTheirSourcesAndTagPresence() {
        JsonObject stored = new JsonObject("""
                {"evaluatedOn": "2026-11-26", "recordSource": "COMMUNITY_SURVEY",
                 "livingStatus": {"value": "LIVING"},
                 "birthDate": {"value": "1941-02-03", "source": "DEPARTMENT_FEED", "feedName": "public-security-hukou"},
                 "household": {"householdId": 7, "otherLivingMembers": 0},
                 "tags": {"VETERAN": {"since": "2010-08-01", "source": "DEPARTMENT_FEED"}, "LOW_INCOME": false}}""");
        JsonObject shown = LeadFacts.expand(stored);
        assertEquals(new JsonObject("""
                {"evaluatedOn": "2026-11-26",
                 "livingStatus": {"value": "LIVING", "source": "COMMUNITY_SURVEY"},
                 "birthDate": {"value": "1941-02-03", "source": "DEPARTMENT_FEED", "feedName": "public-security-hukou"},
                 "household": {"householdId": 7, "otherLivingMembers": 0, "source": "COMMUNITY_SURVEY"},
                 "tags": {"VETERAN": {"present": true, "since": "2010-08-01", "source": "DEPARTMENT_FEED"}, "LOW_INCOME": {"present": false}}}"""),
                shown);
        assertEquals(new JsonObject().put("value", "LIVING"), stored.getJsonObject("livingStatus"), "the stored value is left as it was");
    }

    @Test
    void factsStoredInTheEarlierFormAreShownAsTheyAre() {
        JsonObject earlier = new JsonObject("""
                {"livingStatus": {"value": "LIVING", "source": "COMMUNITY_SURVEY"}, "tags": {"VETERAN": {"present": false}}}""");
        assertSame(earlier, LeadFacts.expand(earlier));
        assertEquals("text", LeadFacts.expand((Object) "text"));
    }
}
