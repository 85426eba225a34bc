package cn.palmcommunity.open311;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The extra questions (GeoReport "attributes") a service asks. Every petition may be filed
 * anonymously; a safety hazard may be flagged urgent. Answers arrive as attribute[code]=key.
 */
final class ServiceAttributes {

    static final String ANONYMOUS = "anonymous";
    static final String URGENT = "urgent";

    private ServiceAttributes() {
    }

    record Value(String key, String nameZh, String nameEn) {
        Map<String, Object> document(boolean english) {
            return Open311Document.fields("key", key, "name", english ? nameEn : nameZh);
        }
    }

    record Attribute(String code, String datatype, boolean required, int order, String descriptionZh, String descriptionEn,
                     List<Value> values) {
        Map<String, Object> document(boolean english) {
            return Open311Document.fields("variable", true, "code", code, "datatype", datatype, "required", required,
                    "datatype_description", null, "order", order, "description", english ? descriptionEn : descriptionZh,
                    "values", new Open311Document.Items("value", values.stream().map(v -> v.document(english)).toList()));
        }
    }

    private static final List<Value> YES_NO = List.of(new Value("true", "是", "Yes"), new Value("false", "否", "No"));

    static List<Attribute> of(String serviceCode) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute(ANONYMOUS, "singlevaluelist", false, 1,
                "是否匿名：匿名时办理人员看不到您的姓名和电话", "File anonymously: handlers do not see your name and phone", YES_NO));
        if ("SAFETY_HAZARD".equals(serviceCode)) {
            attributes.add(new Attribute(URGENT, "singlevaluelist", false, 2,
                    "是否紧急：隐患可能马上伤人", "Urgent: the hazard may hurt someone at any moment", YES_NO));
        }
        return attributes;
    }

    /**
     * Checks the answers against the service's attributes: each code must be one of them, each
     * value one of its keys, a single-value list gets one value, and required ones must be there.
     * Answers the answers, in attribute order.
     */
    static Map<String, List<String>> check(List<Attribute> attributes, Map<String, List<String>> answers) {
        for (String code : answers.keySet()) {
            if (attributes.stream().noneMatch(a -> a.code().equals(code))) {
                throw Open311Exception.badRequest("attribute[" + code + "] is not an attribute of this service");
            }
        }
        Map<String, List<String>> checked = new LinkedHashMap<>();
        for (Attribute attribute : attributes) {
            List<String> given = answers.getOrDefault(attribute.code(), List.of());
            if (given.isEmpty()) {
                if (attribute.required()) {
                    throw Open311Exception.badRequest("attribute[" + attribute.code() + "] is required");
                }
                continue;
            }
            if ("singlevaluelist".equals(attribute.datatype()) && given.size() > 1) {
                throw Open311Exception.badRequest("attribute[" + attribute.code() + "] takes a single value");
            }
            for (String value : given) {
                if (attribute.values().stream().noneMatch(v -> v.key().equals(value))) {
                    throw Open311Exception.badRequest("attribute[" + attribute.code() + "] must be one of "
                            + attribute.values().stream().map(Value::key).toList() + ", not " + value);
                }
            }
            checked.put(attribute.code(), List.copyOf(given));
        }
        return checked;
    }

    static boolean isTrue(Map<String, List<String>> answers, String code) {
        return answers.getOrDefault(code, List.of()).contains("true");
    }
}
