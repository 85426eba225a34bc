package cn.palmcommunity.eligibility;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.DatabaseErrors.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** V27 checks what a lead names once per statement instead of with foreign keys; removal still cascades or is refused. */
@QuarkusTest
class LeadReferenceChecksTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LeadWorklistFixtures leads;

    private static final String INSERT = """
            INSERT INTO eligibility_lead (resident_id, policy_id, policy_version_id, cycle_key, community_id, facts)
            VALUES ($1, $2, $3, 'ONCE', $4, '{}'), ($5, $2, $3, 'ONCE', $4, '{}')""";

    @Test
    void aStatementNamingAMissingResidentPolicyVersionOrCommunityStoresNoLead() {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("高龄津贴");
        long resident = leads.resident(place, "孙秀珍", null);
        long other = leads.resident(place, "钱桂英", null);

        PgException noResident = refused(() -> fixtures.sql(INSERT, resident, policy.id(), policy.versionId(), place.communityId(), -11L));
        assertEquals("23503", noResident.getSqlState());
        assertEquals("resident -11 does not exist", noResident.getErrorMessage());
        assertEquals("policy version -12 does not exist", refused(() -> fixtures.sql(INSERT, resident, policy.id(), -12L,
                place.communityId(), other)).getErrorMessage());
        assertEquals("community -13 does not exist", refused(() -> fixtures.sql(INSERT, resident, policy.id(), policy.versionId(),
                -13L, other)).getErrorMessage());
        assertEquals(0, fixtures.count("SELECT count(*) FROM eligibility_lead WHERE resident_id = ANY($1)", (Object) new Long[] {resident, other}));

        long lead = leads.lead(resident, policy);
        PgException moved = refused(() -> fixtures.sql("UPDATE eligibility_lead SET policy_id = -14 WHERE id = $1", lead));
        assertEquals("policy -14 does not exist", moved.getErrorMessage());
        assertEquals(policy.id(), fixtures.count("SELECT policy_id FROM eligibility_lead WHERE id = $1", lead));
    }

    @Test
    void removingAResidentTakesTheirLeadsAndANamedPolicyOrCommunityCannotBeRemoved() {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("困难老人助餐");
        long resident = leads.resident(place, "吴凤英", null);
        long lead = leads.lead(resident, policy);
        fixtures.sql("INSERT INTO eligibility_lead_event (lead_id, from_status, to_status, note) VALUES ($1, 'NEW', 'CONTACTED', '电话联系')", lead);

        // A policy cannot go while it has versions; the version a lead names cannot go either.
        assertEquals("policy version " + policy.versionId() + " is named by eligibility leads",
                refused(() -> fixtures.sql("DELETE FROM policy_version WHERE id = $1", policy.versionId())).getErrorMessage());
        // A community nothing else names, so that only the leads stand in the way.
        long bare = fixtures.count("INSERT INTO community (street_id, code, name) VALUES (1, $1, '空社区') RETURNING id", "B" + System.nanoTime());
        fixtures.sql("UPDATE eligibility_lead SET community_id = $2 WHERE id = $1", lead, bare);
        assertEquals("community " + bare + " is named by eligibility leads",
                refused(() -> fixtures.sql("DELETE FROM community WHERE id = $1", bare)).getErrorMessage());

        fixtures.sql("DELETE FROM resident WHERE id = $1", resident);
        assertEquals(0, fixtures.count("SELECT count(*) FROM eligibility_lead WHERE id = $1", lead));
        assertEquals(0, fixtures.count("SELECT count(*) FROM eligibility_lead_event WHERE lead_id = $1", lead));
    }
}
