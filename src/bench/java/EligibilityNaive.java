import cn.palmcommunity.eligibility.RuleEvaluator;
import cn.palmcommunity.eligibility.RuleNode;
import cn.palmcommunity.eligibility.RuleValidator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The naive reference for the eligibility benchmark (run by src/dev/bench-eligibility): evaluates
 * the policies in force one resident at a time in Java — fetch the resident, their tags and their
 * household, evaluate every rule tree with RuleEvaluator — over a sample of residents spread over
 * the whole id range, and extrapolates the rate to the full registry. It also checks the sweep's
 * answer for the sample: a resident has an open lead of the current cycle exactly when they are living
 * and the rule holds.
 *
 * <p>Usage: java -cp "target/quarkus-app/app/*:target/quarkus-app/lib/main/*" src/bench/java/EligibilityNaive.java JDBC_URL SAMPLE
 */
public final class EligibilityNaive {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int sample = Integer.parseInt(args[1]);
        ObjectMapper json = new ObjectMapper();
        LocalDate day = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            Set<String> tags = new HashSet<>();
            try (ResultSet rs = db.createStatement().executeQuery("SELECT code FROM tag_definition WHERE active")) {
                while (rs.next()) {
                    tags.add(rs.getString(1));
                }
            }
            Map<Long, RuleNode> rules = new LinkedHashMap<>();
            Map<Long, String> cycles = new LinkedHashMap<>();
            try (PreparedStatement ps = db.prepareStatement("""
                    SELECT p.id, p.cycle, v.rule::text FROM policy p JOIN policy_version v ON v.policy_id = p.id
                     WHERE p.active AND v.effective_from <= ? AND (v.effective_to IS NULL OR v.effective_to > ?) ORDER BY p.id""")) {
                ps.setObject(1, day);
                ps.setObject(2, day);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rules.put(rs.getLong(1), RuleValidator.validate(json.readTree(rs.getString(3)), "rule", tags));
                        cycles.put(rs.getLong(1), switch (rs.getString(2)) {
                            case "YEARLY" -> Integer.toString(day.getYear());
                            case "MONTHLY" -> "%04d-%02d".formatted(day.getYear(), day.getMonthValue());
                            default -> "ONCE";
                        });
                    }
                }
            }
            long total;
            long maxId;
            try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*), max(id) FROM resident")) {
                rs.next();
                total = rs.getLong(1);
                maxId = rs.getLong(2);
            }
            long step = Math.max(1, maxId / sample);
            PreparedStatement person = db.prepareStatement("""
                    SELECT sex, birth_date, living_status, relation_to_head, moved_in_on,
                           (created_at AT TIME ZONE 'Asia/Shanghai')::date, household_id FROM resident WHERE id = ?""");
            PreparedStatement tagRows = db.prepareStatement("SELECT tag_code, since, until FROM resident_tag WHERE resident_id = ?");
            PreparedStatement members = db.prepareStatement("SELECT id, birth_date, living_status FROM resident WHERE household_id = ? AND id <> ?");
            PreparedStatement lead = db.prepareStatement("SELECT policy_id FROM eligibility_lead WHERE resident_id = ? AND policy_id = ? AND cycle_key = ? AND status <> 'CLOSED'");

            long started = System.nanoTime();
            int evaluated = 0;
            long eligible = 0;
            List<long[]> check = new ArrayList<>();
            for (long id = 1; id <= maxId && evaluated < sample; id += step) {
                person.setLong(1, id);
                RuleEvaluator.Person p;
                try (ResultSet rs = person.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    List<RuleEvaluator.TagRow> held = new ArrayList<>();
                    tagRows.setLong(1, id);
                    try (ResultSet t = tagRows.executeQuery()) {
                        while (t.next()) {
                            held.add(new RuleEvaluator.TagRow(t.getString(1), t.getObject(2, LocalDate.class), t.getObject(3, LocalDate.class)));
                        }
                    }
                    Long household = (Long) rs.getObject(7);
                    List<RuleEvaluator.Member> others = new ArrayList<>();
                    if (household != null) {
                        members.setLong(1, household);
                        members.setLong(2, id);
                        try (ResultSet m = members.executeQuery()) {
                            while (m.next()) {
                                others.add(new RuleEvaluator.Member(m.getLong(1), m.getObject(2, LocalDate.class), m.getString(3)));
                            }
                        }
                    }
                    p = new RuleEvaluator.Person(id, rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3), rs.getString(4),
                            rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class), household, held, others);
                }
                for (Map.Entry<Long, RuleNode> rule : rules.entrySet()) {
                    boolean holds = "LIVING".equals(p.livingStatus()) && RuleEvaluator.holds(rule.getValue(), p, day);
                    if (holds) {
                        eligible++;
                    }
                    check.add(new long[] {id, rule.getKey(), holds ? 1 : 0});
                }
                evaluated++;
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            int mismatches = 0;
            for (long[] c : check) {
                lead.setLong(1, c[0]);
                lead.setLong(2, c[1]);
                lead.setString(3, cycles.get(c[1]));
                try (ResultSet rs = lead.executeQuery()) {
                    if (rs.next() != (c[2] == 1)) {
                        mismatches++;
                    }
                }
            }
            double rate = evaluated / seconds;
            System.out.printf("naive Java: %d residents x %d policies in %.2f s = %.0f residents/s (%d eligible pairs); "
                            + "extrapolated to %d residents: %.0f s%n", evaluated, rules.size(), seconds, rate, eligible, total, total / rate);
            System.out.printf("sample check against the sweep's leads: %d of %d (resident, policy) pairs disagree%n", mismatches, check.size());
        }
    }
}
