package cn.palmcommunity.http;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import java.util.List;

/**
 * Converts query parameters in our code rather than JAX-RS's, which answers a wrong type with 404
 * and no field name; here it is a 400 that names the parameter.
 */
public final class QueryParams {

    private QueryParams() {
    }

    public static Long optionalLong(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw wrongType(name, "must be a whole number");
        }
    }

    /** A required decimal within bounds; missing or out of range is 400 naming the parameter. */
    public static double requiredDouble(String name, String raw, double min, double max) {
        if (raw == null || raw.isBlank()) {
            throw wrongType(name, "is required");
        }
        double value;
        try {
            value = Double.parseDouble(raw.strip());
        } catch (NumberFormatException e) {
            throw wrongType(name, "must be a number");
        }
        if (Double.isNaN(value) || value < min || value > max) {
            throw wrongType(name, "must be between " + min + " and " + max);
        }
        return value;
    }

    public static java.time.OffsetDateTime optionalDateTime(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(raw.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw wrongType(name, "must be an ISO-8601 date-time with offset, e.g. 2026-11-01T00:00:00+08:00");
        }
    }

    /** A calendar day, ISO-8601 (2026-11-01). */
    public static java.time.LocalDate optionalDate(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(raw.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw wrongType(name, "must be a date, e.g. 2026-11-01");
        }
    }

    /** A calendar month, ISO-8601 (2026-10). */
    public static java.time.YearMonth optionalYearMonth(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.time.YearMonth.parse(raw.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw wrongType(name, "must be a month, e.g. 2026-10");
        }
    }

    /** A whole number within bounds, or {@code fallback} when absent. */
    public static int optionalInt(String name, String raw, int fallback, int min, int max) {
        Long value = optionalLong(name, raw);
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw wrongType(name, "must be between " + min + " and " + max);
        }
        return value.intValue();
    }

    public static <E extends Enum<E>> E optionalEnum(String name, String raw, Class<E> type) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip());
        } catch (IllegalArgumentException e) {
            throw wrongType(name, "must be one of " + List.of(type.getEnumConstants()));
        }
    }

    public static ProblemException wrongType(String name, String message) {
        return new ProblemException(Problem.of(400, "wrong-type", "Request is not valid", name + " " + message)
                .withErrors(List.of(new Problem.FieldError(name, message))));
    }
}
