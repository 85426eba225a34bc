package cn.palmcommunity.resident;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a validated {@link ResidentFilter} and the caller's scope into SQL with bound parameters.
 * Only fixed SQL fragments are concatenated; every value goes through a placeholder.
 */
public final class FilterCompiler {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    private FilterCompiler() {
    }

    /**
     * @param scopeCommunities the caller's communities, or null for the whole district
     * @param scopeGrids the grid worker's grids, or null
     * @param today the day ages are counted on when the filter names none
     */
    public static CompiledFilter compile(ResidentFilter f, Long[] scopeCommunities, Long[] scopeGrids, LocalDate today) {
        FilterCompiler c = new FilterCompiler();
        if (scopeCommunities != null) {
            c.add("r.community_id = ANY(?::bigint[])", (Object) scopeCommunities);
        }
        if (scopeGrids != null) {
            c.add("r.grid_id = ANY(?::bigint[])", (Object) scopeGrids);
        }
        if (notEmpty(f.communityIds())) {
            c.add("r.community_id = ANY(?::bigint[])", (Object) f.communityIds().toArray(Long[]::new));
        }
        if (notEmpty(f.gridIds())) {
            c.add("r.grid_id = ANY(?::bigint[])", (Object) f.gridIds().toArray(Long[]::new));
        }
        if (notEmpty(f.compoundIds())) {
            c.add("r.compound_id = ANY(?::bigint[])", (Object) f.compoundIds().toArray(Long[]::new));
        }
        if (f.sex() != null) {
            c.add("r.sex = ?", f.sex());
        }
        LocalDate on = f.ageOn() == null ? today : f.ageOn();
        // Age >= n on a day  <=>  born on or before that day n years earlier; age <= n  <=>  born after
        // the day n + 1 years earlier. Range conditions on birth_date keep the index usable.
        if (f.ageMin() != null) {
            c.add("r.birth_date <= ?", on.minusYears(f.ageMin()));
        }
        if (f.ageMax() != null) {
            c.add("r.birth_date > ?", on.minusYears(f.ageMax() + 1L));
        }
        if (notEmpty(f.livingStatus())) {
            c.add("r.living_status = ANY(?::text[])", (Object) f.livingStatus().toArray(String[]::new));
        }
        if (notEmpty(f.tagsAll())) {
            for (String tag : f.tagsAll()) {
                c.add("EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id AND t.until IS NULL AND t.tag_code = ?)", tag);
            }
        }
        if (notEmpty(f.tagsAny())) {
            c.add("EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id AND t.until IS NULL AND t.tag_code = ANY(?::text[]))",
                    (Object) f.tagsAny().toArray(String[]::new));
        }
        if (notEmpty(f.tagsNone())) {
            c.add("NOT EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id AND t.until IS NULL AND t.tag_code = ANY(?::text[]))",
                    (Object) f.tagsNone().toArray(String[]::new));
        }
        if (f.tagNotConfirmedSince() != null) {
            c.add("EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id AND t.until IS NULL AND t.tag_code = ? AND t.confirmed_at < ?)",
                    f.tagNotConfirmedSince().tag(), startOf(f.tagNotConfirmedSince().since()));
        }
        if (f.withoutTagSince() != null) {
            c.add("NOT EXISTS (SELECT 1 FROM resident_tag t WHERE t.resident_id = r.id AND t.until IS NULL AND t.tag_code = ? AND t.confirmed_at >= ?)",
                    f.withoutTagSince().tag(), startOf(f.withoutTagSince().since()));
        }
        if (f.notVisitedSince() != null) {
            c.add("NOT EXISTS (SELECT 1 FROM resident_visit v WHERE v.resident_id = r.id AND v.visited_at >= ?)",
                    startOf(f.notVisitedSince()));
        }
        return new CompiledFilter(c.conditions.isEmpty() ? "true" : String.join("\n   AND ", c.conditions), List.copyOf(c.params));
    }

    private static OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay(CHINA).toOffsetDateTime();
    }

    /** Appends a condition, numbering its {@code ?} placeholders in order. */
    private void add(String condition, Object... values) {
        StringBuilder sql = new StringBuilder();
        int v = 0;
        for (int i = 0; i < condition.length(); i++) {
            char ch = condition.charAt(i);
            if (ch == '?') {
                params.add(values[v++]);
                sql.append('$').append(params.size());
            } else {
                sql.append(ch);
            }
        }
        conditions.add(sql.toString());
    }

    private static boolean notEmpty(List<?> list) {
        return list != null && !list.isEmpty();
    }
}
