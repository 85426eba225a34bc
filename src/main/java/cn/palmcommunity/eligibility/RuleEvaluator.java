package cn.palmcommunity.eligibility;

import java.time.LocalDate;
import java.util.List;

/**
 * Evaluates a rule for one resident in Java. Not used by the sweeps (they run in PostgreSQL); it is
 * the independent reference the tests and the benchmark compare the compiled SQL against. It uses
 * the same date arithmetic ({@link RuleNode.Age}, {@link RuleNode.Window}) and the same meaning of
 * every leaf as {@link RuleCompiler}.
 */
public final class RuleEvaluator {

    /** One resident as the rule sees them: their row, their tag history and the other members of their household. */
    public record Person(long id, String sex, LocalDate birthDate, String livingStatus, String relationToHead,
                         LocalDate movedInOn, LocalDate registeredOn, Long householdId, List<TagRow> tags, List<Member> otherMembers) {
    }

    public record TagRow(String code, LocalDate since, LocalDate until) {
    }

    public record Member(long id, LocalDate birthDate, String livingStatus) {
    }

    private RuleEvaluator() {
    }

    public static boolean holds(RuleNode node, Person p, LocalDate d) {
        if (node instanceof RuleNode.All all) {
            return all.rules().stream().allMatch(r -> holds(r, p, d));
        }
        if (node instanceof RuleNode.Any any) {
            return any.rules().stream().anyMatch(r -> holds(r, p, d));
        }
        if (node instanceof RuleNode.Not not) {
            return !holds(not.rule(), p, d);
        }
        if (node instanceof RuleNode.Age age) {
            return (age.atLeast() == null || !p.birthDate().isAfter(RuleNode.Age.bornOnOrBefore(d, age.atLeast())))
                    && (age.atMost() == null || p.birthDate().isAfter(RuleNode.Age.bornAfter(d, age.atMost())));
        }
        if (node instanceof RuleNode.TurnedAge turned) {
            return !p.birthDate().isAfter(RuleNode.Age.bornOnOrBefore(d, turned.age()))
                    && p.birthDate().isAfter(RuleNode.Age.bornOnOrBefore(d.minusDays(turned.withinDays()), turned.age()));
        }
        if (node instanceof RuleNode.Sex sex) {
            return sex.sex().equals(p.sex());
        }
        if (node instanceof RuleNode.LivingStatus status) {
            return status.status().equals(p.livingStatus());
        }
        if (node instanceof RuleNode.RelationToHead rel) {
            return p.relationToHead() != null && rel.relations().contains(p.relationToHead());
        }
        if (node instanceof RuleNode.Residence residence) {
            LocalDate registered = p.movedInOn() != null ? p.movedInOn() : p.registeredOn();
            return "LIVING".equals(p.livingStatus()) && !registered.isAfter(d.minusDays(residence.minDays()));
        }
        if (node instanceof RuleNode.Tag tag) {
            return p.tags().stream().anyMatch(t -> t.until() == null && t.code().equals(tag.code())
                    && (tag.heldAtLeastDays() == null || !t.since().isAfter(d.minusDays(tag.heldAtLeastDays())))
                    && (tag.sinceWithinDays() == null || (t.since().isAfter(d.minusDays(tag.sinceWithinDays())) && !t.since().isAfter(d))));
        }
        if (node instanceof RuleNode.Event event) {
            LocalDate from = event.window().fromExclusive(d);
            if (event.kind() == RuleNode.EventKind.SCREENING_DONE) {
                return p.tags().stream().anyMatch(t -> t.code().equals(RuleNode.SCREENING_TAG) && t.since().isAfter(from) && !t.since().isAfter(d));
            }
            return p.householdId() != null && p.otherMembers().stream().anyMatch(m -> m.birthDate().isAfter(from) && !m.birthDate().isAfter(d));
        }
        RuleNode.Household household = (RuleNode.Household) node;
        if (household.kind() == RuleNode.HouseholdKind.HAS_NEWBORN) {
            LocalDate yearAgo = d.minusYears(1);
            return p.householdId() != null && p.otherMembers().stream().anyMatch(m -> "LIVING".equals(m.livingStatus())
                    && m.birthDate().isAfter(yearAgo) && !m.birthDate().isAfter(d));
        }
        boolean tagged = p.tags().stream().anyMatch(t -> t.until() == null && t.code().equals(RuleNode.AGED_LIVING_ALONE_TAG));
        return tagged || (!p.birthDate().isAfter(RuleNode.Age.bornOnOrBefore(d, household.minAge())) && p.householdId() != null
                && p.otherMembers().stream().noneMatch(m -> "LIVING".equals(m.livingStatus())));
    }
}
