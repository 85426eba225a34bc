package cn.palmcommunity.eligibility;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Policies, versions and leads written straight in SQL (as a sweep would), on residents of a
 * community of the test's own, so the worklist and reminder tests do not depend on the rule engine.
 */
@ApplicationScoped
public class LeadWorklistFixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Fixtures fixtures;
    private final RegistryFixtures registry;

    public LeadWorklistFixtures(Fixtures fixtures, RegistryFixtures registry) {
        this.fixtures = fixtures;
        this.registry = registry;
    }

    public record TestPolicy(long id, long versionId, String code, String name) {
    }

    public TestPolicy policy(String name) {
        String code = "TLEAD_" + SEQUENCE.incrementAndGet() + "_" + System.nanoTime() % 1_000_000_000L;
        long policy = fixtures.count("""
                INSERT INTO policy (code, name, benefit, administered_by, cycle) VALUES ($1, $2, '每月补贴', '区民政局', 'ONCE') RETURNING id""",
                code, name);
        long version = fixtures.count("""
                INSERT INTO policy_version (policy_id, version, rule, effective_from, resident_reminder, worker_reminder)
                VALUES ($1, 1, '{"age": {"atLeast": 80}}', DATE '2026-01-01', $2, $3) RETURNING id""",
                policy, "您已年满80周岁，可申请" + name + "，请携带身份证到社区办理", "请核实老人居住情况并协助申请" + name);
        return new TestPolicy(policy, version, code, name);
    }

    public RegistryFixtures.Place community() {
        return registry.newCommunity();
    }

    /** A living resident of the place, born 1940, with the given phone. */
    public long resident(RegistryFixtures.Place place, String name, String phone) {
        return registry.resident(RegistryFixtures.idNumber(LocalDate.of(1940, 3, 8), 'F'), name, place.communityId(), place.grid1(), null,
                phone, "LIVING");
    }

    public long residentInGrid2(RegistryFixtures.Place place, String name, String phone) {
        return registry.resident(RegistryFixtures.idNumber(LocalDate.of(1941, 5, 9), 'M'), name, place.communityId(), place.grid2(), null,
                phone, "LIVING");
    }

    /** A lead as a sweep records it: NEW, with facts. */
    public long lead(long resident, TestPolicy policy) {
        return fixtures.count("""
                INSERT INTO eligibility_lead (resident_id, policy_id, policy_version_id, cycle_key, community_id, facts)
                SELECT r.id, $2, $3, 'ONCE', r.community_id, '{"age": {"value": 86, "source": "birth_date"}}'
                  FROM resident r WHERE r.id = $1 RETURNING id""", resident, policy.id(), policy.versionId());
    }

    /** A mini-program account linked to the resident's record; {@code openid} decides how the WeChat stub answers. */
    public long linkedAccount(long resident, String openid) {
        return fixtures.count("""
                INSERT INTO account (role, display_name, wechat_openid, resident_id) VALUES ('RESIDENT', '居民', $1, $2) RETURNING id""",
                openid, resident);
    }

    public String status(long lead) {
        return fixtures.sql("SELECT status FROM eligibility_lead WHERE id = $1", lead).iterator().next().getString(0);
    }
}
