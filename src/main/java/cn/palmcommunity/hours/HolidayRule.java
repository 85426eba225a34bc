package cn.palmcommunity.hours;

/** What a place does on a public holiday. */
public enum HolidayRule {
    /** No holiday rule: a holiday is treated like any other day of its weekday. */
    AS_USUAL("as-usual"),
    /** Closed on public holidays ({@code PH off}). */
    CLOSED("closed"),
    /** Its own hours on public holidays ({@code PH 10:00-16:00}). */
    OWN("own");

    private final String jsonName;

    HolidayRule(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name used in {@link OpeningHoursJson#holidays()}. */
    public String jsonName() {
        return jsonName;
    }

    /** The rule named {@code name} in JSON, or null if there is none. */
    public static HolidayRule fromJsonName(String name) {
        for (HolidayRule rule : values()) {
            if (rule.jsonName.equals(name)) {
                return rule;
            }
        }
        return null;
    }
}
