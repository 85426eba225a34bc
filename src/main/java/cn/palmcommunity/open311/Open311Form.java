package cn.palmcommunity.open311;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An application/x-www-form-urlencoded body as GeoReport sends it, parsed here rather than by
 * JAX-RS because attribute names are dynamic (attribute[code]=value, attribute[code][]=value) and
 * a malformed body must still be answered in GeoReport's error format.
 */
final class Open311Form {

    static final String MEDIA_TYPE = "application/x-www-form-urlencoded";
    private static final Pattern ATTRIBUTE = Pattern.compile("attribute\\[([^\\[\\]]+)](\\[])?");

    private final Map<String, List<String>> values;

    private Open311Form(Map<String, List<String>> values) {
        this.values = values;
    }

    static Open311Form parse(String contentType, String body) {
        if (contentType == null || !contentType.toLowerCase().strip().startsWith(MEDIA_TYPE)) {
            throw Open311Exception.badRequest("Send the request as " + MEDIA_TYPE);
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new Open311Form(values);
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Open311Exception.badRequest("The form data is not correctly URL-encoded");
        }
    }

    /** The first value, stripped; blank counts as not sent (GeoReport's rule for optional arguments). */
    String get(String name) {
        List<String> given = values.get(name);
        if (given == null || given.isEmpty() || given.get(0).isBlank()) {
            return null;
        }
        return given.get(0).strip();
    }

    /** Like {@link #get} but at most max characters, or a 400 naming the field. */
    String get(String name, int max) {
        String value = get(name);
        if (value != null && value.length() > max) {
            throw Open311Exception.badRequest(name + " may be at most " + max + " characters");
        }
        return value;
    }

    /** attribute[code]=value and attribute[code][]=value pairs by code; blank values are dropped. */
    Map<String, List<String>> attributes() {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        values.forEach((name, given) -> {
            Matcher m = ATTRIBUTE.matcher(name);
            if (m.matches()) {
                List<String> kept = given.stream().filter(v -> !v.isBlank()).map(String::strip).toList();
                if (!kept.isEmpty()) {
                    answers.computeIfAbsent(m.group(1), c -> new ArrayList<>()).addAll(kept);
                }
            } else if (name.startsWith("attribute")) {
                throw Open311Exception.badRequest(name + " is not of the form attribute[code]");
            }
        });
        return answers;
    }
}
