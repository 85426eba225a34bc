package cn.palmcommunity.geo;

import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The datum a coordinate pair is given in. We store WGS-84 (what PostGIS and GPS speak); WeChat's
 * {@code wx.getLocation} and Chinese web maps give GCJ-02, which mainland law requires them to offset.
 */
public enum CoordinateSystem {
    WGS84,
    GCJ02;

    /** Lenient: {@code wgs84}, {@code WGS-84}, {@code gcj_02} … any case, separators ignored. */
    public static Optional<CoordinateSystem> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        // Called on every station search: a plain loop instead of a regular expression.
        StringBuilder key = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '_' && c != '-' && !Character.isWhitespace(c)) {
                key.append(Character.toUpperCase(c));
            }
        }
        for (CoordinateSystem system : values()) {
            if (system.name().contentEquals(key)) {
                return Optional.of(system);
            }
        }
        return Optional.empty();
    }

    /**
     * For a query parameter taken as a String: blank means {@code fallback}; anything unknown is a
     * 400 that names the parameter, like {@link cn.palmcommunity.http.QueryParams}.
     */
    public static CoordinateSystem fromQuery(String field, String raw, CoordinateSystem fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        return parse(raw).orElseThrow(() -> {
            String message = "must be one of " + List.of("wgs84", "gcj02");
            return new ProblemException(Problem.of(400, "wrong-type", "Request is not valid", field + " " + message)
                    .withErrors(List.of(new Problem.FieldError(field, message))));
        });
    }
}
