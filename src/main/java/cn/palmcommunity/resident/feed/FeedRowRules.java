package cn.palmcommunity.resident.feed;

import cn.palmcommunity.resident.IdNumberCipher;
import cn.palmcommunity.resident.ResidentIdNumber;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a feed row must pass before it touches the database: the columns of its kind, a
 * valid GB 11643 ID number, dates that parse and agree with the ID number, a known community.
 * Answers the row ready to apply, or the first problem found.
 */
final class FeedRowRules {

    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");
    private static final Pattern PHONE = Pattern.compile("1\\d{10}|0\\d{2,3}-?\\d{7,8}");
    static final Set<String> EDUCATION = Set.of("NONE", "PRIMARY", "JUNIOR", "SENIOR", "VOCATIONAL", "COLLEGE", "BACHELOR", "MASTER", "DOCTOR");

    /** Either the item or the error. */
    record Checked(FeedItem item, RowError error) {
    }

    private final FeedKind kind;
    private final Map<String, Long> communities;
    private final IdNumberCipher cipher;
    private final LocalDate today;

    FeedRowRules(FeedKind kind, Map<String, Long> communities, IdNumberCipher cipher, LocalDate today) {
        this.kind = kind;
        this.communities = communities;
        this.cipher = cipher;
        this.today = today;
    }

    Checked check(long row, Map<String, String> f) {
        String recordId = f.get("record_id");
        try {
            return new Checked(item(row, recordId, f), null);
        } catch (Bad bad) {
            return new Checked(null, new RowError(row, recordId, bad.field, bad.getMessage()));
        }
    }

    private FeedItem item(long row, String recordId, Map<String, String> f) {
        if (recordId == null) {
            throw new Bad("record_id", "is required");
        }
        if (!RECORD_ID.matcher(recordId).matches()) {
            throw new Bad("record_id", "1-64 letters, digits and . _ : / -");
        }
        long version = version(f.get("version"));
        String id = required(f, "id_number");
        id = IdNumberCipher.normalise(id);
        String problem = ResidentIdNumber.problem(id);
        if (problem != null) {
            throw new Bad("id_number", problem);
        }
        LocalDate born = ResidentIdNumber.birthDate(id);
        if (born.isAfter(today)) {
            throw new Bad("id_number", "the birth date lies in the future");
        }
        String stated = f.get("birth_date");
        if (stated != null && !date("birth_date", stated).equals(born)) {
            throw new Bad("birth_date", "disagrees with the ID number, which says " + born);
        }
        byte[] hash = cipher.lookupHash(id);
        return switch (kind) {
            case BIRTH -> {
                String name = required(f, "name");
                if (name.length() > 50) {
                    throw new Bad("name", "at most 50 characters");
                }
                date("birth_date", required(f, "birth_date"));
                Long community = community(required(f, "community_code"));
                byte[] guardian = null;
                String guardianId = f.get("guardian_id_number");
                if (guardianId != null) {
                    guardianId = IdNumberCipher.normalise(guardianId);
                    String guardianProblem = ResidentIdNumber.problem(guardianId);
                    if (guardianProblem != null) {
                        throw new Bad("guardian_id_number", guardianProblem);
                    }
                    guardian = cipher.lookupHash(guardianId);
                }
                yield new FeedItem(row, recordId, version, id, hash, born, null, name, community, null, null, null, null, null,
                        phone(f.get("phone")), null, guardian);
            }
            case DEATH -> {
                LocalDate died = pastDate("death_date", required(f, "death_date"));
                if (died.isBefore(born)) {
                    throw new Bad("death_date", "lies before the birth date " + born);
                }
                yield simple(row, recordId, version, id, hash, died, "DECEASED");
            }
            case DISABILITY -> {
                String status = oneOf("status", f.getOrDefault("status", "VALID"), Set.of("VALID", "REVOKED"));
                Integer level = null;
                if (status.equals("VALID")) {
                    String raw = required(f, "level");
                    try {
                        level = Integer.valueOf(raw);
                    } catch (NumberFormatException e) {
                        throw new Bad("level", "must be 1-4");
                    }
                    if (level < 1 || level > 4) {
                        throw new Bad("level", "must be 1-4");
                    }
                }
                LocalDate since = pastDate("since", required(f, "since"));
                yield new FeedItem(row, recordId, version, id, hash, since, status, null, null, level, null, null, null, null, null, null, null);
            }
            case LOW_INCOME -> simple(row, recordId, version, id, hash, pastDate("since", required(f, "since")),
                    oneOf("status", f.getOrDefault("status", "GRANTED"), Set.of("GRANTED", "ENDED")));
            case VETERAN_EMPLOYMENT -> simple(row, recordId, version, id, hash, pastDate("since", required(f, "since")),
                    oneOf("employment", required(f, "employment"), Set.of("EMPLOYED", "UNEMPLOYED")));
            case EDUCATION -> {
                String level = oneOf("education", required(f, "education"), EDUCATION);
                LocalDate since = f.get("since") == null ? null : pastDate("since", f.get("since"));
                yield new FeedItem(row, recordId, version, id, hash, since, null, null, null, null, null, null, null, null, null, level, null);
            }
            case HOUSEHOLD_MOVE -> {
                String direction = oneOf("direction", required(f, "direction"), Set.of("IN", "OUT"));
                LocalDate moved = pastDate("move_date", required(f, "move_date"));
                if (direction.equals("OUT")) {
                    yield new FeedItem(row, recordId, version, id, hash, moved, direction, null, null, null, null, null, null, null,
                            phone(f.get("phone")), null, null);
                }
                Long community = community(required(f, "community_code"));
                String compound = part(f, "compound", 100, true);
                String building = part(f, "building", 20, true);
                String unit = part(f, "unit", 20, false);
                String room = part(f, "room", 20, true);
                yield new FeedItem(row, recordId, version, id, hash, moved, direction, null, community, null, compound, building,
                        unit == null ? "" : unit, room, phone(f.get("phone")), null, null);
            }
        };
    }

    private static FeedItem simple(long row, String recordId, long version, String id, byte[] hash, LocalDate day, String status) {
        return new FeedItem(row, recordId, version, id, hash, day, status, null, null, null, null, null, null, null, null, null, null);
    }

    private Long community(String code) {
        Long id = communities.get(code);
        if (id == null) {
            throw new Bad("community_code", "unknown community " + code);
        }
        return id;
    }

    private static long version(String raw) {
        if (raw == null) {
            throw new Bad("version", "is required");
        }
        try {
            long v = Long.parseLong(raw);
            if (v < 1) {
                throw new Bad("version", "must be a whole number from 1");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new Bad("version", "must be a whole number from 1");
        }
    }

    private static String required(Map<String, String> f, String field) {
        String value = f.get(field);
        if (value == null) {
            throw new Bad(field, "is required");
        }
        return value;
    }

    private static String part(Map<String, String> f, String field, int max, boolean required) {
        String value = f.get(field);
        if (value == null) {
            if (required) {
                throw new Bad(field, "is required for a move in");
            }
            return null;
        }
        if (value.length() > max) {
            throw new Bad(field, "at most " + max + " characters");
        }
        return value;
    }

    private static String phone(String raw) {
        if (raw != null && !PHONE.matcher(raw).matches()) {
            throw new Bad("phone", "must be a mobile (11 digits from 1) or a landline with area code");
        }
        return raw;
    }

    private static String oneOf(String field, String value, Set<String> allowed) {
        String upper = value.toUpperCase(java.util.Locale.ROOT);
        if (!allowed.contains(upper)) {
            throw new Bad(field, "must be one of " + new java.util.TreeSet<>(allowed));
        }
        return upper;
    }

    private static LocalDate date(String field, String raw) {
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new Bad(field, "must be a date like 2026-03-01");
        }
    }

    private LocalDate pastDate(String field, String raw) {
        LocalDate day = date(field, raw);
        if (day.isAfter(today)) {
            throw new Bad(field, "must not lie in the future");
        }
        return day;
    }

    private static final class Bad extends RuntimeException {
        final String field;

        Bad(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
