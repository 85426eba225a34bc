package cn.palmcommunity.eligibility;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.error.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The rules as the sweeps use them: which policy versions are in force on a day, each parsed and
 * validated again against today's tag definitions (a tag retired since a version was written makes
 * that version skipped, with a warning, rather than a failing sweep).
 */
@ApplicationScoped
public class PolicyRules {

    private static final Logger LOG = Logger.getLogger(PolicyRules.class);

    /** One policy's version in force on the evaluation day. */
    public record InForce(long policyId, String code, String cycle, long versionId, int version, RuleNode rule) {

        /** The lead's cycle: 'ONCE', the year ('2026') or the month ('2026-11') of the evaluation day. */
        public String cycleKey(LocalDate day) {
            return switch (cycle) {
                case "YEARLY" -> Integer.toString(day.getYear());
                case "MONTHLY" -> "%04d-%02d".formatted(day.getYear(), day.getMonthValue());
                default -> "ONCE";
            };
        }
    }

    private final Clock clock;
    private final ObjectMapper json;

    public PolicyRules(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    /** Today in the district. */
    public LocalDate today() {
        return clock.instant().atZone(ChinaTime.CHINA).toLocalDate();
    }

    public Uni<Set<String>> knownTags(SqlClient client) {
        return client.query("SELECT code FROM tag_definition WHERE active").execute()
                .map(rows -> {
                    Set<String> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /** Active policies' versions in force on {@code day}, in policy order. */
    public Uni<List<InForce>> inForce(SqlClient client, LocalDate day) {
        return knownTags(client).onItem().transformToUni(tags -> client.preparedQuery("""
                        SELECT p.id, p.code, p.cycle, v.id AS version_id, v.version, v.rule
                          FROM policy p JOIN policy_version v ON v.policy_id = p.id
                         WHERE p.active AND v.effective_from <= $1 AND (v.effective_to IS NULL OR v.effective_to > $1)
                         ORDER BY p.id""")
                .execute(Tuple.of(day))
                .map(rows -> {
                    List<InForce> out = new ArrayList<>();
                    for (Row r : rows) {
                        try {
                            RuleNode rule = RuleValidator.validate(tree(r.getValue("rule")), "rule", tags);
                            out.add(new InForce(r.getLong("id"), r.getString("code"), r.getString("cycle"), r.getLong("version_id"),
                                    r.getInteger("version"), rule));
                        } catch (ProblemException e) {
                            LOG.warnf("Policy %s version %d is skipped: its rule no longer validates (%s)",
                                    r.getString("code"), r.getInteger("version"), e.getMessage());
                        }
                    }
                    return out;
                }));
    }

    /** A jsonb value as read by the client, as a Jackson tree. */
    public JsonNode tree(Object jsonb) {
        try {
            return json.readTree(jsonb instanceof JsonObject o ? o.encode() : String.valueOf(jsonb));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored rule is not JSON", e);
        }
    }

    /** A Jackson tree as a value to bind to a jsonb parameter. */
    public JsonObject jsonb(JsonNode node) {
        try {
            return new JsonObject(json.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
