package cn.palmcommunity.eligibility;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a validated {@link RuleNode} into a SQL predicate over {@code resident r}, and into a
 * jsonb expression of the facts it looked at (with their sources), both for one evaluation day.
 * Only fixed SQL fragments are written here; every value from the rule (tag codes, dates, lists)
 * is bound through {@link Params}. Each leaf is two-valued (never NULL), so {@code not} means the
 * same here as in {@link RuleEvaluator}.
 */
public final class RuleCompiler {

    /** Numbered placeholders shared by the statement around the rule and the rule itself. */
    public static final class Params {
        private final List<Object> values = new ArrayList<>();

        /** Binds a value, answering its placeholder ({@code $n}). */
        public String add(Object value) {
            values.add(value);
            return "$" + values.size();
        }

        public List<Object> values() {
            return values;
        }
    }

    private final LocalDate day;
    private final Params params;
    private final String currentTags;
    private String dayParam;

    private RuleCompiler(LocalDate day, Params params, String currentTags) {
        this.day = day;
        this.params = params;
        this.currentTags = currentTags;
    }

    /** The evaluation day's placeholder, bound on first use (an unused placeholder would have no type). */
    private String day() {
        if (dayParam == null) {
            dayParam = params.add(day) + "::date";
        }
        return dayParam;
    }

    /** The predicate: true exactly for the residents the rule selects on {@code day}. */
    public static String predicate(RuleNode rule, LocalDate day, Params params) {
        return new RuleCompiler(day, params, null).sql(rule);
    }

    /**
     * The same predicate, with "holds tag X" (no date condition) read from {@code currentTags}, an
     * array of the resident's current tag codes (NULL for none) that the statement fetched once for
     * all its residents, instead of one index probe per tag condition and resident.
     */
    public static String predicate(RuleNode rule, LocalDate day, Params params, String currentTags) {
        return new RuleCompiler(day, params, currentTags).sql(rule);
    }

    /** A jsonb expression of the values the rule reads, each with its source (the explanation of a lead). */
    public static String facts(RuleNode rule, LocalDate day, Params params) {
        return new RuleCompiler(day, params, null).factsOf(rule);
    }

    private String sql(RuleNode node) {
        if (node instanceof RuleNode.All all) {
            return join(all.rules(), " AND ");
        }
        if (node instanceof RuleNode.Any any) {
            return join(any.rules(), " OR ");
        }
        if (node instanceof RuleNode.Not not) {
            return "NOT (" + sql(not.rule()) + ")";
        }
        if (node instanceof RuleNode.Age age) {
            List<String> parts = new ArrayList<>();
            if (age.atLeast() != null) {
                parts.add("r.birth_date <= " + date(RuleNode.Age.bornOnOrBefore(day, age.atLeast())));
            }
            if (age.atMost() != null) {
                parts.add("r.birth_date > " + date(RuleNode.Age.bornAfter(day, age.atMost())));
            }
            return "(" + String.join(" AND ", parts) + ")";
        }
        if (node instanceof RuleNode.TurnedAge turned) {
            return "(r.birth_date <= " + date(RuleNode.Age.bornOnOrBefore(day, turned.age()))
                    + " AND r.birth_date > " + date(RuleNode.Age.bornOnOrBefore(day.minusDays(turned.withinDays()), turned.age())) + ")";
        }
        if (node instanceof RuleNode.Sex sex) {
            return "r.sex = " + params.add(sex.sex());
        }
        if (node instanceof RuleNode.LivingStatus status) {
            return "r.living_status = " + params.add(status.status());
        }
        if (node instanceof RuleNode.RelationToHead rel) {
            return "coalesce(r.relation_to_head = ANY(" + params.add(rel.relations().toArray(String[]::new)) + "::text[]), false)";
        }
        if (node instanceof RuleNode.Residence residence) {
            return "(r.living_status = 'LIVING' AND " + registeredOn() + " <= " + date(day.minusDays(residence.minDays())) + ")";
        }
        if (node instanceof RuleNode.Tag tag) {
            if (tag.heldAtLeastDays() == null && tag.sinceWithinDays() == null && currentTags != null) {
                return holds(tag.code());
            }
            StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id AND t.until IS NULL AND t.tag_code = ")
                    .append(params.add(tag.code()));
            if (tag.heldAtLeastDays() != null) {
                sql.append(" AND t.since <= ").append(date(day.minusDays(tag.heldAtLeastDays())));
            }
            if (tag.sinceWithinDays() != null) {
                sql.append(" AND t.since > ").append(date(day.minusDays(tag.sinceWithinDays()))).append(" AND t.since <= ").append(day());
            }
            return sql.append(")").toString();
        }
        if (node instanceof RuleNode.Event event) {
            if (event.kind() == RuleNode.EventKind.SCREENING_DONE) {
                return "EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id AND t.tag_code = "
                        + params.add(RuleNode.SCREENING_TAG) + " AND t.since > " + date(event.window().fromExclusive(day))
                        + " AND t.since <= " + day() + ")";
            }
            return "(r.household_id IS NOT NULL AND EXISTS (SELECT 1 FROM resident m WHERE m.household_id = r.household_id"
                    + " AND m.id <> r.id AND m.birth_date > " + date(event.window().fromExclusive(day)) + " AND m.birth_date <= " + day() + "))";
        }
        RuleNode.Household household = (RuleNode.Household) node;
        if (household.kind() == RuleNode.HouseholdKind.HAS_NEWBORN) {
            return "(r.household_id IS NOT NULL AND EXISTS (SELECT 1 FROM resident m WHERE m.household_id = r.household_id"
                    + " AND m.id <> r.id AND m.living_status = 'LIVING' AND m.birth_date > " + date(day.minusYears(1))
                    + " AND m.birth_date <= " + day() + "))";
        }
        String tagged = currentTags != null ? holds(RuleNode.AGED_LIVING_ALONE_TAG)
                : "EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id AND t.until IS NULL AND t.tag_code = "
                + params.add(RuleNode.AGED_LIVING_ALONE_TAG) + ")";
        return "(" + tagged + " OR (r.birth_date <= " + date(RuleNode.Age.bornOnOrBefore(day, household.minAge()))
                + " AND r.household_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM resident m WHERE m.household_id = r.household_id"
                + " AND m.id <> r.id AND m.living_status = 'LIVING')))";
    }

    /** The tag is among the current ones (two-valued: no current tags reads as false). */
    private String holds(String code) {
        return "coalesce(" + params.add(code) + "::text = ANY(" + currentTags + "), false)";
    }

    private String join(List<RuleNode> rules, String operator) {
        List<String> parts = new ArrayList<>();
        for (RuleNode rule : rules) {
            parts.add("(" + sql(rule) + ")");
        }
        return "(" + String.join(operator, parts) + ")";
    }

    private String date(LocalDate value) {
        return params.add(value) + "::date";
    }

    private static String registeredOn() {
        return "coalesce(r.moved_in_on, (r.created_at AT TIME ZONE 'Asia/Shanghai')::date)";
    }

    // ---- facts -------------------------------------------------------------------------------

    /** What a rule reads, gathered once over the tree. */
    private static final class Reads {
        boolean birthDate;
        boolean sex;
        boolean relation;
        boolean residence;
        boolean screening;
        boolean household;
        final Set<String> tags = new LinkedHashSet<>();
    }

    private static void collect(RuleNode node, Reads reads) {
        if (node instanceof RuleNode.All all) {
            all.rules().forEach(r -> collect(r, reads));
        } else if (node instanceof RuleNode.Any any) {
            any.rules().forEach(r -> collect(r, reads));
        } else if (node instanceof RuleNode.Not not) {
            collect(not.rule(), reads);
        } else if (node instanceof RuleNode.Age || node instanceof RuleNode.TurnedAge) {
            reads.birthDate = true;
        } else if (node instanceof RuleNode.Sex) {
            reads.sex = true;
        } else if (node instanceof RuleNode.RelationToHead) {
            reads.relation = true;
        } else if (node instanceof RuleNode.Residence) {
            reads.residence = true;
        } else if (node instanceof RuleNode.Tag tag) {
            reads.tags.add(tag.code());
        } else if (node instanceof RuleNode.Event event) {
            if (event.kind() == RuleNode.EventKind.SCREENING_DONE) {
                reads.screening = true;
            } else {
                reads.household = true;
            }
        } else if (node instanceof RuleNode.Household household) {
            reads.household = true;
            if (household.kind() == RuleNode.HouseholdKind.AGED_LIVING_ALONE) {
                reads.birthDate = true;
                reads.tags.add(RuleNode.AGED_LIVING_ALONE_TAG);
            }
        }
    }

    /**
     * The facts as one scalar subquery over {@code r}, in the compact stored form of
     * {@link LeadFacts}: the record's source once ({@code recordSource}), a value's own provenance
     * only where {@code resident_value} has one, the current rows of the tags the rule reads (a tag
     * not held is {@code false}). The provenance rows and the tag rows are each fetched in one probe,
     * not one per field or tag. What explains the decision is kept: the values, the source of each
     * (source, feed name and record, when recorded) and, for tags, since / level / occupation.
     */
    private String factsOf(RuleNode rule) {
        Reads reads = new Reads();
        collect(rule, reads);
        List<String> pairs = new ArrayList<>();
        pairs.add("'evaluatedOn', " + day());
        pairs.add("'recordSource', r.source");
        pairs.add("'livingStatus', " + value("livingStatus", "to_jsonb(r.living_status)"));
        if (reads.birthDate) {
            pairs.add("'birthDate', " + value("birthDate", "to_jsonb(r.birth_date)"));
            pairs.add("'age', date_part('year', age(" + day() + ", r.birth_date))::int");
        }
        if (reads.sex) {
            pairs.add("'sex', " + value("sex", "to_jsonb(r.sex)"));
        }
        if (reads.relation) {
            pairs.add("'relationToHead', " + value("household", "to_jsonb(r.relation_to_head)"));
        }
        if (reads.residence) {
            pairs.add("'registeredInDistrictOn', jsonb_build_object('value', " + registeredOn()
                    + ", 'source', CASE WHEN r.moved_in_on IS NULL THEN 'REGISTRY_RECORD_CREATED' ELSE r.source::text END)");
        }
        if (reads.household) {
            pairs.add("'household', CASE WHEN r.household_id IS NULL THEN jsonb_build_object('value', null) ELSE "
                    + "(SELECT jsonb_strip_nulls(jsonb_build_object('householdId', r.household_id, 'otherLivingMembers', count(*) FILTER (WHERE m.living_status = 'LIVING'),"
                    + " 'youngestOtherMemberBorn', max(m.birth_date))) FROM resident m WHERE m.household_id = r.household_id AND m.id <> r.id)"
                    + " || " + provenance("household") + " END");
        }
        if (reads.screening) {
            pairs.add("'lastScreening', coalesce((SELECT jsonb_strip_nulls(jsonb_build_object('since', t.since, 'source', t.source,"
                    + " 'feedName', t.feed_name, 'feedRecordId', t.feed_record_id)) FROM resident_tag t"
                    + " WHERE t.resident_id = r.id AND t.tag_code = " + params.add(RuleNode.SCREENING_TAG)
                    + " ORDER BY t.since DESC, t.id DESC LIMIT 1), jsonb_build_object('present', false))");
        }
        String tagsFrom = "";
        if (!reads.tags.isEmpty()) {
            List<String> tags = new ArrayList<>();
            for (String code : reads.tags) {
                String p = params.add(code) + "::text";
                tags.add(p + ", coalesce(tg.held -> " + p + ", 'false'::jsonb)");
            }
            pairs.add("'tags', jsonb_build_object(" + String.join(", ", tags) + ")");
            tagsFrom = ",\n       (SELECT jsonb_object_agg(t.tag_code, jsonb_strip_nulls(jsonb_build_object('since', t.since,"
                    + " 'level', t.level, 'occupation', t.occupation, 'source', t.source, 'feedName', t.feed_name, 'feedRecordId', t.feed_record_id)))"
                    + " AS held FROM resident_tag t WHERE t.resident_id = r.id AND t.until IS NULL AND t.tag_code = ANY("
                    + params.add(reads.tags.toArray(String[]::new)) + "::text[])) tg";
        }
        return "(SELECT jsonb_build_object(" + String.join(", ", pairs) + ")\n"
                + "  FROM (SELECT jsonb_object_agg(v.field, jsonb_strip_nulls(jsonb_build_object('source', v.source, 'recordedAt', v.recorded_at,"
                + " 'feedName', v.feed_name, 'feedRecordId', v.feed_record_id, 'feedVersion', v.feed_version))) AS fields"
                + " FROM resident_value v WHERE v.resident_id = r.id) pv" + tagsFrom + ")";
    }

    /** A value of the resident row with its own provenance (resident_value), if it has one. */
    private static String value(String field, String valueSql) {
        return "jsonb_build_object('value', " + valueSql + ") || " + provenance(field);
    }

    /** The field's provenance from the one {@code resident_value} probe ({@code pv.fields}); none: the record's source applies. */
    private static String provenance(String field) {
        return "coalesce(pv.fields -> '" + field + "', '{}'::jsonb)";
    }
}
