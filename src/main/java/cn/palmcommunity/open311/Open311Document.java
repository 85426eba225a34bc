package cn.palmcommunity.open311;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GeoReport document, written as XML or as its JSON mapping (the Spark convention the spec
 * names: the root element disappears, lists become arrays, an empty element becomes null). Written
 * by hand, without reflection, so the native image needs nothing registered.
 *
 * <p>A value is null, a String, a Number, a Boolean, a field map (an object, in order) or
 * {@link Items} (a list whose XML items each sit in an element of the item name).
 */
final class Open311Document {

    private Open311Document() {
    }

    /** A list such as {@code <endpoints><endpoint>…</endpoint></endpoints>}: item is the inner element's name. */
    record Items(String item, List<?> values) {
    }

    /** An ordered object; values may be null. */
    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    static String xml(String root, Object value) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        element(out, root, value);
        return out.append('\n').toString();
    }

    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        jsonValue(out, value);
        return out.toString();
    }

    private static void element(StringBuilder out, String name, Object value) {
        if (value == null) {
            out.append('<').append(name).append("/>");
            return;
        }
        out.append('<').append(name).append('>');
        if (value instanceof Map<?, ?> fields) {
            fields.forEach((key, inner) -> element(out, (String) key, inner));
        } else if (value instanceof Items items) {
            items.values().forEach(inner -> element(out, items.item(), inner));
        } else {
            xmlText(out, scalar(value));
        }
        out.append("</").append(name).append('>');
    }

    private static void jsonValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> fields) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                jsonString(out, (String) field.getKey());
                out.append(':');
                jsonValue(out, field.getValue());
            }
            out.append('}');
        } else if (value instanceof Items items) {
            out.append('[');
            for (int i = 0; i < items.values().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                jsonValue(out, items.values().get(i));
            }
            out.append(']');
        } else if (value instanceof String text) {
            jsonString(out, text);
        } else {
            out.append(scalar(value));
        }
    }

    private static String scalar(Object value) {
        if (value instanceof Double d) {
            // No exponents: 1.0E-4 is valid JSON but odd in a coordinate, and odder in XML.
            return BigDecimal.valueOf(d).toPlainString();
        }
        return value.toString();
    }

    private static void jsonString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Escapes markup and drops what XML 1.0 cannot carry at all (most control characters, lone surrogates). */
    private static void xmlText(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFFFD && !Character.isSurrogate(c))) {
                        out.append(c);
                    }
                }
            }
        }
    }
}
