package cn.palmcommunity.eligibility;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A lead's facts as stored and as shown. A sweep stores them compactly (hundreds of thousands of
 * leads a night): the resident record's source once, as {@code recordSource}, and on a value only a
 * source of its own (a {@code resident_value} row); a tag the rule read but the resident does not
 * hold as {@code false}, a held one without {@code "present": true}. Shown, every value carries its
 * source (and {@code recordSource} itself is dropped) and every tag says whether it is present, as a
 * worker reads it. Facts stored before this form (no {@code recordSource}) are shown as they are.
 */
final class LeadFacts {

    /** The facts whose provenance defaults to the record's source (see {@link RuleCompiler}). */
    private static final List<String> SOURCED = List.of("livingStatus", "birthDate", "sex", "relationToHead", "household");

    private LeadFacts() {
    }

    /** The stored facts (a jsonb value as read by the client) in their shown form. */
    static Object expand(Object stored) {
        return stored instanceof JsonObject facts ? expand(facts) : stored;
    }

    static JsonObject expand(JsonObject stored) {
        if (!(stored.getValue("recordSource") instanceof String recordSource)) {
            return stored;
        }
        JsonObject facts = stored.copy();
        // Shown, each value carries its source, so the record's own is not a fact of its own.
        facts.remove("recordSource");
        for (String field : SOURCED) {
            if (facts.getValue(field) instanceof JsonObject value && !value.containsKey("source")) {
                value.put("source", recordSource);
            }
        }
        if (facts.getValue("tags") instanceof JsonObject tags) {
            for (String code : new ArrayList<>(tags.fieldNames())) {
                Object tag = tags.getValue(code);
                if (tag instanceof JsonObject held) {
                    tags.put(code, new JsonObject().put("present", true).mergeIn(held));
                } else if (Boolean.FALSE.equals(tag)) {
                    tags.put(code, new JsonObject().put("present", false));
                }
            }
        }
        return facts;
    }
}
