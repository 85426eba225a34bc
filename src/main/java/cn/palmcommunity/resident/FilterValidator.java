package cn.palmcommunity.resident;

import cn.palmcommunity.error.ProblemException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Checks a filter before it is compiled; the first problem is a 422 naming the field as the client
 * wrote it ({@code filter.ageMin}, {@code filter.tagsAll[1]}). Tags must exist and, for department
 * staff, belong to their business: counting party members by elimination is still seeing them.
 */
public final class FilterValidator {

    static final int MAX_LIST = 200;
    private static final Set<String> LIVING_STATUSES = Set.of("LIVING", "DECEASED", "MOVED_OUT");

    private FilterValidator() {
    }

    public static void validate(String prefix, ResidentFilter f, Set<String> knownTags, FieldAccess access) {
        if (f == null) {
            return;
        }
        age(prefix + ".ageMin", f.ageMin());
        age(prefix + ".ageMax", f.ageMax());
        if (f.ageMin() != null && f.ageMax() != null && f.ageMin() > f.ageMax()) {
            throw ProblemException.invalidField(prefix + ".ageMax", "must not be below ageMin (" + f.ageMin() + ")");
        }
        day(prefix + ".ageOn", f.ageOn());
        if (f.sex() != null && !f.sex().equals("M") && !f.sex().equals("F")) {
            throw ProblemException.invalidField(prefix + ".sex", "must be M or F");
        }
        tags(prefix + ".tagsAll", f.tagsAll(), knownTags, access);
        tags(prefix + ".tagsAny", f.tagsAny(), knownTags, access);
        tags(prefix + ".tagsNone", f.tagsNone(), knownTags, access);
        ids(prefix + ".communityIds", f.communityIds());
        ids(prefix + ".gridIds", f.gridIds());
        ids(prefix + ".compoundIds", f.compoundIds());
        if (f.livingStatus() != null) {
            size(prefix + ".livingStatus", f.livingStatus());
            for (int i = 0; i < f.livingStatus().size(); i++) {
                if (!LIVING_STATUSES.contains(f.livingStatus().get(i))) {
                    throw ProblemException.invalidField(prefix + ".livingStatus[" + i + "]", "must be one of LIVING, DECEASED, MOVED_OUT");
                }
            }
        }
        tagSince(prefix + ".tagNotConfirmedSince", f.tagNotConfirmedSince(), knownTags, access);
        tagSince(prefix + ".withoutTagSince", f.withoutTagSince(), knownTags, access);
        day(prefix + ".notVisitedSince", f.notVisitedSince());
    }

    private static void age(String field, Integer age) {
        if (age != null && (age < 0 || age > 150)) {
            throw ProblemException.invalidField(field, "must be between 0 and 150");
        }
    }

    private static void day(String field, LocalDate day) {
        if (day != null && (day.getYear() < 1850 || day.getYear() > 2200)) {
            throw ProblemException.invalidField(field, "must be a day between 1850 and 2200");
        }
    }

    private static void size(String field, List<?> list) {
        if (list.size() > MAX_LIST) {
            throw ProblemException.invalidField(field, "at most " + MAX_LIST + " entries");
        }
    }

    private static void ids(String field, List<Long> ids) {
        if (ids == null) {
            return;
        }
        size(field, ids);
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null || ids.get(i) <= 0) {
                throw ProblemException.invalidField(field + "[" + i + "]", "must be a positive id");
            }
        }
    }

    private static void tags(String field, List<String> tags, Set<String> known, FieldAccess access) {
        if (tags == null) {
            return;
        }
        size(field, tags);
        for (int i = 0; i < tags.size(); i++) {
            tag(field + "[" + i + "]", tags.get(i), known, access);
        }
    }

    private static void tagSince(String field, ResidentFilter.TagSince value, Set<String> known, FieldAccess access) {
        if (value == null) {
            return;
        }
        tag(field + ".tag", value.tag(), known, access);
        if (value.since() == null) {
            throw ProblemException.invalidField(field + ".since", "is required");
        }
        day(field + ".since", value.since());
    }

    private static void tag(String field, String code, Set<String> known, FieldAccess access) {
        if (code == null || !known.contains(code)) {
            throw ProblemException.invalidField(field, "unknown tag " + code);
        }
        if (!access.seesTag(code)) {
            throw ProblemException.invalidField(field, "tag " + code + " is not part of your department's business");
        }
    }
}
