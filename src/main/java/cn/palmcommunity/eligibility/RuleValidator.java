package cn.palmcommunity.eligibility;

import cn.palmcommunity.error.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a rule as the client wrote it (JSON) into a {@link RuleNode}, rejecting anything the
 * compiler would not understand. The first problem is a 422 whose field is a JSON pointer into the
 * request ({@code rule/all/2/age/atLeast}), so an editor can highlight the wrong part.
 *
 * <p>A rule node is an object with exactly one key naming the condition. Trees are bounded (depth,
 * list length, node count) so a rule can never make a sweep's SQL unbounded; references
 * ({@code $ref}) are refused, so a rule cannot point at itself.
 */
public final class RuleValidator {

    static final int MAX_DEPTH = 8;
    static final int MAX_LIST = 20;
    static final int MAX_NODES = 100;
    static final int MAX_DAYS = 36_500;
    static final int MAX_AGE = 150;
    private static final Set<String> LIVING_STATUSES = Set.of("LIVING", "DECEASED", "MOVED_OUT");
    private static final Set<String> RELATIONS = Set.of("HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD", "OTHER");
    private static final Pattern DATE_LIKE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}.*");
    static final Set<String> CONDITIONS = new LinkedHashSet<>(List.of("all", "any", "not", "age", "turnedAge", "sex",
            "livingStatus", "relationToHead", "residence", "tag", "event", "household"));

    private final Set<String> knownTags;
    private int nodes;

    private RuleValidator(Set<String> knownTags) {
        this.knownTags = knownTags;
    }

    /**
     * @param rule the rule as received (may be null)
     * @param pointer where the rule sits in the request, e.g. {@code rule}
     * @param knownTags codes of the active tag definitions
     */
    public static RuleNode validate(JsonNode rule, String pointer, Set<String> knownTags) {
        return new RuleValidator(knownTags).node(rule, pointer, 1);
    }

    private RuleNode node(JsonNode json, String at, int depth) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            throw ProblemException.invalidField(at, "is required");
        }
        if (!json.isObject()) {
            throw ProblemException.invalidField(at, "must be an object naming one condition, e.g. {\"age\": {\"atLeast\": 80}}");
        }
        if (depth > MAX_DEPTH) {
            throw ProblemException.invalidField(at, "the rule is nested too deeply (at most " + MAX_DEPTH + " levels)");
        }
        if (++nodes > MAX_NODES) {
            throw ProblemException.invalidField(at, "the rule has too many conditions (at most " + MAX_NODES + ")");
        }
        if (json.has("$ref")) {
            throw ProblemException.invalidField(at + "/$ref", "references are not allowed: write the condition out");
        }
        if (json.size() != 1) {
            throw ProblemException.invalidField(at, json.isEmpty() ? "is an empty condition; name one of " + CONDITIONS
                    : "must name exactly one condition, found " + names(json));
        }
        Map.Entry<String, JsonNode> only = json.fields().next();
        String key = only.getKey();
        JsonNode body = only.getValue();
        String here = at + "/" + escape(key);
        return switch (key) {
            case "all" -> new RuleNode.All(list(body, here, depth));
            case "any" -> new RuleNode.Any(list(body, here, depth));
            case "not" -> new RuleNode.Not(node(body, here, depth + 1));
            case "age" -> age(body, here);
            case "turnedAge" -> {
                object(body, here, Set.of("age", "withinDays"));
                yield new RuleNode.TurnedAge(years(body, here, "age", true), days(body, here, "withinDays", true));
            }
            case "sex" -> new RuleNode.Sex(oneOf(body, here, Set.of("M", "F")));
            case "livingStatus" -> new RuleNode.LivingStatus(oneOf(body, here, LIVING_STATUSES));
            case "relationToHead" -> relations(body, here);
            case "residence" -> {
                object(body, here, Set.of("minDays"));
                yield new RuleNode.Residence(days(body, here, "minDays", true));
            }
            case "tag" -> tag(body, here);
            case "event" -> event(body, here);
            case "household" -> household(body, here);
            default -> throw ProblemException.invalidField(here, "unknown condition " + key + "; known: " + CONDITIONS);
        };
    }

    private List<RuleNode> list(JsonNode body, String at, int depth) {
        if (!body.isArray()) {
            throw ProblemException.invalidField(at, "must be a list of conditions");
        }
        if (body.isEmpty()) {
            throw ProblemException.invalidField(at, "must not be empty");
        }
        if (body.size() > MAX_LIST) {
            throw ProblemException.invalidField(at, "at most " + MAX_LIST + " conditions");
        }
        List<RuleNode> out = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            out.add(node(body.get(i), at + "/" + i, depth + 1));
        }
        return List.copyOf(out);
    }

    private static RuleNode age(JsonNode body, String at) {
        object(body, at, Set.of("atLeast", "atMost"));
        Integer atLeast = years(body, at, "atLeast", false);
        Integer atMost = years(body, at, "atMost", false);
        if (atLeast == null && atMost == null) {
            throw ProblemException.invalidField(at, "needs atLeast, atMost or both");
        }
        if (atLeast != null && atMost != null && atLeast > atMost) {
            throw ProblemException.invalidField(at + "/atMost", "must not be below atLeast (" + atLeast + ")");
        }
        return new RuleNode.Age(atLeast, atMost);
    }

    private static RuleNode relations(JsonNode body, String at) {
        if (!body.isArray() || body.isEmpty()) {
            throw ProblemException.invalidField(at, "must be a non-empty list of " + RELATIONS);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            out.add(oneOf(body.get(i), at + "/" + i, RELATIONS));
        }
        return new RuleNode.RelationToHead(List.copyOf(out));
    }

    private RuleNode tag(JsonNode body, String at) {
        object(body, at, Set.of("code", "heldAtLeastDays", "sinceWithinDays"));
        String code = tagCode(body.get("code"), at + "/code");
        Integer held = days(body, at, "heldAtLeastDays", false);
        Integer since = days(body, at, "sinceWithinDays", false);
        if (held != null && since != null && since <= held) {
            throw ProblemException.invalidField(at + "/sinceWithinDays", "must be more than heldAtLeastDays (" + held + "), or no one qualifies");
        }
        return new RuleNode.Tag(code, held, since);
    }

    private RuleNode event(JsonNode body, String at) {
        object(body, at, Set.of("kind", "withinDays", "thisYear"));
        RuleNode.EventKind kind = RuleNode.EventKind.valueOf(oneOf(body.get("kind"), at + "/kind", names(RuleNode.EventKind.values())));
        if (kind == RuleNode.EventKind.SCREENING_DONE && !knownTags.contains(RuleNode.SCREENING_TAG)) {
            throw ProblemException.invalidField(at + "/kind", "needs the tag " + RuleNode.SCREENING_TAG + ", which is not defined");
        }
        Integer within = days(body, at, "withinDays", false);
        JsonNode thisYear = body.get("thisYear");
        if (thisYear != null && !thisYear.isBoolean()) {
            throw ProblemException.invalidField(at + "/thisYear", "must be true or false");
        }
        boolean year = thisYear != null && thisYear.booleanValue();
        if ((within == null) == !year) {
            throw ProblemException.invalidField(at, "needs exactly one window: withinDays, or thisYear: true");
        }
        return new RuleNode.Event(kind, new RuleNode.Window(within, year));
    }

    private RuleNode household(JsonNode body, String at) {
        object(body, at, Set.of("kind", "minAge"));
        RuleNode.HouseholdKind kind = RuleNode.HouseholdKind.valueOf(
                oneOf(body.get("kind"), at + "/kind", names(RuleNode.HouseholdKind.values())));
        Integer minAge = years(body, at, "minAge", false);
        if (kind == RuleNode.HouseholdKind.AGED_LIVING_ALONE) {
            if (minAge == null) {
                throw ProblemException.invalidField(at + "/minAge", "is required for AGED_LIVING_ALONE");
            }
            if (!knownTags.contains(RuleNode.AGED_LIVING_ALONE_TAG)) {
                throw ProblemException.invalidField(at + "/kind", "needs the tag " + RuleNode.AGED_LIVING_ALONE_TAG + ", which is not defined");
            }
        } else if (minAge != null) {
            throw ProblemException.invalidField(at + "/minAge", "applies only to AGED_LIVING_ALONE");
        }
        return new RuleNode.Household(kind, minAge);
    }

    private String tagCode(JsonNode code, String at) {
        if (code == null || code.isNull()) {
            throw ProblemException.invalidField(at, "is required");
        }
        if (!code.isTextual()) {
            throw ProblemException.invalidField(at, "must be a tag code (text)");
        }
        if (!knownTags.contains(code.textValue())) {
            throw ProblemException.invalidField(at, "unknown tag " + code.textValue());
        }
        return code.textValue();
    }

    /** The body must be an object with only the allowed keys. */
    private static void object(JsonNode body, String at, Set<String> allowed) {
        if (!body.isObject()) {
            throw ProblemException.invalidField(at, "must be an object with " + allowed);
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ProblemException.invalidField(at + "/" + escape(name), "unknown field " + name + "; allowed: " + allowed);
            }
        }
    }

    private static Integer years(JsonNode body, String at, String name, boolean required) {
        return whole(body, at, name, required, 0, MAX_AGE, "a whole number of years");
    }

    private static Integer days(JsonNode body, String at, String name, boolean required) {
        return whole(body, at, name, required, 1, MAX_DAYS, "a whole number of days");
    }

    private static Integer whole(JsonNode body, String at, String name, boolean required, int min, int max, String what) {
        JsonNode value = body.get(name);
        String here = at + "/" + name;
        if (value == null || value.isNull()) {
            if (required) {
                throw ProblemException.invalidField(here, "is required");
            }
            return null;
        }
        if (value.isTextual() && DATE_LIKE.matcher(value.textValue()).matches()) {
            throw ProblemException.invalidField(here, "is compared with " + what + ", not a date");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ProblemException.invalidField(here, "must be " + what);
        }
        int n = value.intValue();
        if (n < min || n > max) {
            throw ProblemException.invalidField(here, "must be between " + min + " and " + max);
        }
        return n;
    }

    private static String oneOf(JsonNode value, String at, Set<String> allowed) {
        if (value == null || value.isNull()) {
            throw ProblemException.invalidField(at, "is required");
        }
        if (!value.isTextual() || !allowed.contains(value.textValue())) {
            throw ProblemException.invalidField(at, "must be one of " + new java.util.TreeSet<>(allowed));
        }
        return value.textValue();
    }

    private static Set<String> names(Enum<?>[] values) {
        Set<String> out = new LinkedHashSet<>();
        for (Enum<?> v : values) {
            out.add(v.name());
        }
        return out;
    }

    private static List<String> names(JsonNode json) {
        List<String> out = new ArrayList<>();
        json.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** JSON pointer escaping (RFC 6901) of one key. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
