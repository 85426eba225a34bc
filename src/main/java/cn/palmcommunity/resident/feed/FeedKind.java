package cn.palmcommunity.resident.feed;

import java.util.List;
import java.util.Set;

/**
 * The kinds of department feed, the columns each carries beyond {@code record_id}, {@code version}
 * and {@code id_number}, and the departments whose business it is. Column names are the same in
 * CSV headers and JSON lines.
 */
public enum FeedKind {
    BIRTH(List.of("name", "birth_date", "community_code"), List.of("guardian_id_number", "phone"),
            Set.of("HEALTH", "PUBLIC_SECURITY")),
    DEATH(List.of("death_date"), List.of("birth_date"), Set.of("CIVIL_AFFAIRS", "HEALTH", "PUBLIC_SECURITY")),
    DISABILITY(List.of("since"), List.of("level", "status", "certificate_no", "birth_date"), Set.of("DISABLED_PERSONS_FEDERATION")),
    LOW_INCOME(List.of("since"), List.of("status", "birth_date"), Set.of("CIVIL_AFFAIRS")),
    HOUSEHOLD_MOVE(List.of("direction", "move_date"), List.of("community_code", "compound", "building", "unit", "room", "phone", "birth_date"),
            Set.of("PUBLIC_SECURITY")),
    VETERAN_EMPLOYMENT(List.of("employment", "since"), List.of("birth_date"), Set.of("VETERANS_AFFAIRS", "HUMAN_RESOURCES")),
    EDUCATION(List.of("education"), List.of("since", "birth_date"), Set.of("EDUCATION"));

    /** Every kind starts with these. */
    public static final List<String> COMMON = List.of("record_id", "version", "id_number");

    private final List<String> required;
    private final List<String> optional;
    private final Set<String> departments;

    FeedKind(List<String> required, List<String> optional, Set<String> departments) {
        this.required = required;
        this.optional = optional;
        this.departments = departments;
    }

    public List<String> required() {
        return required;
    }

    public List<String> optional() {
        return optional;
    }

    public boolean uploadableBy(String department) {
        return department != null && departments.contains(department);
    }

    public Set<String> departments() {
        return departments;
    }
}
