package cn.palmcommunity.eligibility;

import java.time.LocalDate;
import java.util.List;

/**
 * A validated eligibility rule: a small tree of conditions on one resident, evaluated on one day
 * (the evaluation day {@code d}). Built only by {@link RuleValidator}; compiled to SQL by
 * {@link RuleCompiler} and, for tests and the benchmark's reference, evaluated in Java by
 * {@link RuleEvaluator}. Both read the date arithmetic from here so they cannot disagree.
 */
public sealed interface RuleNode {

    /** Every condition holds. */
    record All(List<RuleNode> rules) implements RuleNode {
    }

    /** At least one condition holds. */
    record Any(List<RuleNode> rules) implements RuleNode {
    }

    record Not(RuleNode rule) implements RuleNode {
    }

    /** Age in whole years on the evaluation day, within [atLeast, atMost] (either may be absent). */
    record Age(Integer atLeast, Integer atMost) implements RuleNode {

        /** Age ≥ n on d ⇔ born on or before d − n years. */
        static LocalDate bornOnOrBefore(LocalDate d, int years) {
            return d.minusYears(years);
        }

        /** Age ≤ n on d ⇔ born after d − (n + 1) years. */
        static LocalDate bornAfter(LocalDate d, int years) {
            return d.minusYears(years + 1L);
        }
    }

    /** Reached {@code age} within the last {@code withinDays} days: that age on d but not on d − withinDays. */
    record TurnedAge(int age, int withinDays) implements RuleNode {
    }

    record Sex(String sex) implements RuleNode {
    }

    record LivingStatus(String status) implements RuleNode {
    }

    /** The resident's relation to the head of their household is one of these. */
    record RelationToHead(List<String> relations) implements RuleNode {
    }

    /** Lives in the district (LIVING) and has been registered here for at least {@code minDays}. */
    record Residence(int minDays) implements RuleNode {
    }

    /** The tag is currently held; optionally for at least some days, or acquired within the last days. */
    record Tag(String code, Integer heldAtLeastDays, Integer sinceWithinDays) implements RuleNode {
    }

    /** Something happened within a window ending on the evaluation day. */
    record Event(EventKind kind, Window window) implements RuleNode {
    }

    /** A fact about the resident's household. */
    record Household(HouseholdKind kind, Integer minAge) implements RuleNode {
    }

    enum EventKind {
        /** Another member of the resident's household was born within the window. */
        BIRTH_REGISTERED,
        /** A two-cancer screening (tag TWO_CANCER_SCREENED) started within the window. */
        SCREENING_DONE
    }

    enum HouseholdKind {
        /** Another living member of the household is under one year old. */
        HAS_NEWBORN,
        /** Tagged AGED_LIVING_ALONE, or aged at least minAge and the only living member of their household. */
        AGED_LIVING_ALONE
    }

    /** The window (from, d]: the last {@code withinDays} days, or the calendar year so far. */
    record Window(Integer withinDays, boolean thisYear) {

        /** The day before the window starts (exclusive lower bound). */
        LocalDate fromExclusive(LocalDate d) {
            return thisYear ? LocalDate.of(d.getYear(), 1, 1).minusDays(1) : d.minusDays(withinDays);
        }
    }

    String SCREENING_TAG = "TWO_CANCER_SCREENED";
    String AGED_LIVING_ALONE_TAG = "AGED_LIVING_ALONE";
}
