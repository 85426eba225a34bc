package cn.palmcommunity.volunteer;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.hours.OpeningHours;
import cn.palmcommunity.hours.WeeklyRow;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The people of the governance forces: registered by workers, or signing themselves up from the
 * mini program. Skills, certificates and weekly availability are rewritten with the profile.
 */
@ApplicationScoped
public class Volunteers {

    private final Pool pool;
    private final Skills skills;
    private final AuditLog audit;
    private final Clock clock;

    public Volunteers(Pool pool, Skills skills, AuditLog audit, Clock clock) {
        this.pool = pool;
        this.skills = skills;
        this.audit = audit;
        this.clock = clock;
    }

    /** A worker registers someone of their communities. */
    public Uni<VolunteerViews.Volunteer> register(VolunteerCommands.Profile profile, DataScope scope) {
        long actor = scope.accountId();
        return pool.withTransaction(conn -> validate(conn, profile)
                .chain(valid -> resolveCommunity(conn, profile).chain(communityId -> {
                    scope.requireCommunity(communityId);
                    return conn.preparedQuery("""
                                    INSERT INTO volunteer (name, community_id, home, registered_by) VALUES ($1, $2, 'POINT(0 0)', $3) RETURNING id""")
                            .execute(Tuple.of(profile.name().strip(), communityId, actor))
                            .map(rows -> rows.iterator().next().getLong(0))
                            .call(id -> write(conn, id, communityId, profile, valid));
                }))
                .chain(id -> view(conn, id)));
    }

    /** A worker changes the profile of someone in their communities. */
    public Uni<VolunteerViews.Volunteer> update(long id, VolunteerCommands.Profile profile, DataScope scope) {
        return pool.withTransaction(conn -> requireVisible(conn, id, scope)
                .chain(() -> validate(conn, profile))
                .chain(valid -> resolveCommunity(conn, profile).chain(communityId -> {
                    scope.requireCommunity(communityId);
                    return write(conn, id, communityId, profile, valid);
                }))
                .chain(() -> view(conn, id)));
    }

    /** A resident or rider creates or changes their own volunteer profile. */
    public Uni<VolunteerViews.Volunteer> saveMine(VolunteerCommands.Profile profile, DataScope scope) {
        long account = scope.accountId();
        return pool.withTransaction(conn -> validate(conn, profile)
                .chain(valid -> resolveCommunity(conn, profile).chain(communityId -> conn.preparedQuery("""
                                INSERT INTO volunteer (account_id, name, community_id, home) VALUES ($1, $2, $3, 'POINT(0 0)')
                                ON CONFLICT (account_id) DO UPDATE SET name = EXCLUDED.name
                                RETURNING id""")
                        .execute(Tuple.of(account, profile.name().strip(), communityId))
                        .map(rows -> rows.iterator().next().getLong(0))
                        .call(id -> write(conn, id, communityId, profile, valid))))
                .chain(id -> view(conn, id)));
    }

    public Uni<VolunteerViews.Volunteer> get(long id, DataScope scope, String clientIp) {
        return pool.withTransaction(conn -> requireVisible(conn, id, scope)
                // The profile carries a phone number and a home position: a PIPL read, logged.
                .chain(communityId -> audit.record(conn, new AuditEntry(scope.accountId(), scope.role().name(), "READ",
                        "VOLUNTEER", id, communityId, "志愿者匹配与服务管理", clientIp)))
                .chain(() -> view(conn, id)));
    }

    public Uni<VolunteerViews.Volunteer> mine(DataScope scope) {
        return pool.withConnection(conn -> ownId(conn, scope).chain(id -> view(conn, id)));
    }

    /** The caller's own volunteer id, or 404 when they have not signed up. */
    public Uni<Long> ownId(SqlClient client, DataScope scope) {
        long account = scope.accountId();
        return client.preparedQuery("SELECT id FROM volunteer WHERE account_id = $1").execute(Tuple.of(account)).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("Volunteer profile of account", account);
            }
            return rows.iterator().next().getLong(0);
        });
    }

    /** The volunteer's community when the caller's scope covers it; 404 otherwise (no hint that it exists). */
    public Uni<Long> requireVisible(SqlClient client, long id, DataScope scope) {
        return client.preparedQuery("SELECT community_id FROM volunteer WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0 || !scope.covers(rows.iterator().next().getLong(0))) {
                throw ProblemException.notFound("Volunteer", id);
            }
            return rows.iterator().next().getLong(0);
        });
    }

    private record Valid(Map<String, Skills.Skill> skills, List<WeeklyRow> availability, String availabilityText) {
    }

    private Uni<Valid> validate(SqlClient conn, VolunteerCommands.Profile profile) {
        List<String> codes = profile.skills().stream().map(VolunteerCommands.SkillHeld::code).toList();
        Skills.requireDistinct(codes, "skills");
        String availabilityText = profile.availability() == null ? "" : profile.availability().strip();
        OpeningHours hours = availabilityText.isEmpty() ? null : OpeningHours.parseOsm(availabilityText, "availability");
        List<WeeklyRow> rows = hours == null ? List.of()
                : hours.weeklyRows().stream().filter(r -> r.day() != WeeklyRow.HOLIDAY).toList();
        return conn.preparedQuery("SELECT code FROM force_category WHERE code = ANY($1)")
                .execute(Tuple.of(profile.categories().toArray(String[]::new)))
                .map(found -> {
                    List<String> known = new ArrayList<>();
                    found.forEach(r -> known.add(r.getString(0)));
                    for (int i = 0; i < profile.categories().size(); i++) {
                        if (!known.contains(profile.categories().get(i))) {
                            throw ProblemException.invalidField("categories[" + i + "]", "unknown force category " + profile.categories().get(i));
                        }
                    }
                    return known;
                })
                .chain(() -> skills.requireKnown(conn, codes, "skills"))
                .map(known -> {
                    for (int i = 0; i < profile.skills().size(); i++) {
                        VolunteerCommands.SkillHeld held = profile.skills().get(i);
                        if (known.get(held.code()).certificateRequired()) {
                            if (held.certificateNumber() == null || held.certificateNumber().isBlank()) {
                                throw ProblemException.invalidField("skills[" + i + "].certificateNumber", "skill " + held.code() + " needs a certificate");
                            }
                            if (held.certificateExpires() == null) {
                                throw ProblemException.invalidField("skills[" + i + "].certificateExpires", "skill " + held.code() + " needs the certificate's expiry date");
                            }
                        }
                    }
                    return new Valid(known, rows, hours == null ? "" : hours.toOsm());
                });
    }

    /** The community given (checked to exist), else the one whose area holds the home, else the nearest. */
    private static Uni<Long> resolveCommunity(SqlClient conn, VolunteerCommands.Profile profile) {
        if (profile.communityId() != null) {
            return conn.preparedQuery("SELECT id FROM community WHERE id = $1").execute(Tuple.of(profile.communityId())).map(rows -> {
                if (rows.size() == 0) {
                    throw ProblemException.invalidField("communityId", "no community " + profile.communityId());
                }
                return profile.communityId();
            });
        }
        if (profile.home() == null) {
            throw ProblemException.invalidField("communityId", "give a community or a home position");
        }
        GeoPoint home = profile.home().wgs84();
        return conn.preparedQuery("""
                        WITH here AS (SELECT ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography AS g)
                        SELECT c.id FROM community c, here
                         WHERE c.centre IS NOT NULL
                         ORDER BY (c.boundary IS NOT NULL AND ST_Covers(c.boundary, here.g)) DESC, ST_Distance(c.centre, here.g)
                         LIMIT 1""")
                .execute(Tuple.of(home.latitude(), home.longitude()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.invalidField("communityId", "no community found near the home position; give one");
                    }
                    return rows.iterator().next().getLong(0);
                });
    }

    private static Uni<Void> write(SqlClient conn, long id, long communityId, VolunteerCommands.Profile profile, Valid valid) {
        GeoPoint home = profile.home() == null ? null : profile.home().wgs84();
        List<VolunteerCommands.SkillHeld> held = profile.skills();
        String[] codes = held.stream().map(VolunteerCommands.SkillHeld::code).toArray(String[]::new);
        String[] numbers = held.stream().map(h -> blankToNull(h.certificateNumber())).toArray(String[]::new);
        LocalDate[] expires = held.stream().map(VolunteerCommands.SkillHeld::certificateExpires).toArray(LocalDate[]::new);
        Integer[] days = valid.availability().stream().map(WeeklyRow::day).toArray(Integer[]::new);
        Integer[] opens = valid.availability().stream().map(WeeklyRow::openMinute).toArray(Integer[]::new);
        Integer[] closes = valid.availability().stream().map(WeeklyRow::closeMinute).toArray(Integer[]::new);
        List<String> languages = profile.languages() == null ? List.of() : profile.languages().stream().map(String::strip).distinct().toList();
        Object[] values = {id, profile.name().strip(), blankToNull(profile.phone()), communityId,
            home == null ? null : home.latitude(), home == null ? null : home.longitude(),
            profile.categories().stream().distinct().toArray(String[]::new), languages.toArray(String[]::new),
            profile.monthlyHoursCap() == null ? 40 : profile.monthlyHoursCap(), valid.availabilityText()};
        // The old skills and availability rows go first: in one statement the new rows would meet the old in the key.
        return conn.preparedQuery("""
                        WITH old_skills AS (DELETE FROM volunteer_skill_held WHERE volunteer_id = $1),
                             old_rows AS (DELETE FROM volunteer_availability WHERE volunteer_id = $1)
                        UPDATE volunteer v SET name = $2, phone = $3, community_id = $4,
                               home = CASE WHEN $5::float8 IS NULL THEN c.centre ELSE ST_SetSRID(ST_MakePoint($6, $5), 4326)::geography END,
                               home_is_community = $5::float8 IS NULL,
                               categories = $7, languages = $8, monthly_hours_cap = $9, availability = $10, updated_at = now()
                          FROM community c WHERE c.id = $4 AND v.id = $1 AND (c.centre IS NOT NULL OR $5::float8 IS NOT NULL)
                        RETURNING v.id""")
                .execute(Tuple.from(Arrays.copyOfRange(values, 0, 10)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.invalidField("communityId", "community " + communityId + " has no centre; give a home position");
                    }
                    return rows;
                })
                .chain(() -> conn.preparedQuery("""
                                WITH new_skills AS (
                                    INSERT INTO volunteer_skill_held (volunteer_id, skill_code, certificate_number, certificate_expires, home, community_id)
                                    SELECT $1, s.code, s.number, s.expires, v.home, v.community_id
                                      FROM unnest($2::text[], $3::text[], $4::date[]) AS s (code, number, expires), volunteer v
                                     WHERE v.id = $1)
                                INSERT INTO volunteer_availability (volunteer_id, day, open_minute, close_minute)
                                SELECT $1, a.day, a.open, a.close FROM unnest($5::int[], $6::int[], $7::int[]) AS a (day, open, close)""")
                        .execute(Tuple.from(new Object[] {id, codes, numbers, expires, days, opens, closes})))
                .replaceWithVoid();
    }

    Uni<VolunteerViews.Volunteer> view(SqlClient conn, long id) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ChinaTime.CHINA);
        return conn.preparedQuery("""
                        SELECT v.*, ST_Y(v.home::geometry) AS lat, ST_X(v.home::geometry) AS lon,
                               coalesce((SELECT json_agg(json_build_object('code', h.skill_code, 'number', h.certificate_number,
                                            'expires', h.certificate_expires,
                                            'valid', NOT s.certificate_required OR h.certificate_expires >= $2) ORDER BY s.sort_order)
                                           FROM volunteer_skill_held h JOIN volunteer_skill s ON s.code = h.skill_code
                                          WHERE h.volunteer_id = v.id), '[]') AS skills
                          FROM volunteer v WHERE v.id = $1""")
                .execute(Tuple.of(id, today))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Volunteer", id);
                    }
                    return toView(rows.iterator().next());
                });
    }

    private static VolunteerViews.Volunteer toView(Row r) {
        List<VolunteerViews.SkillHeldView> held = new ArrayList<>();
        io.vertx.core.json.JsonArray array = (io.vertx.core.json.JsonArray) r.getValue("skills");
        for (int i = 0; i < array.size(); i++) {
            io.vertx.core.json.JsonObject s = array.getJsonObject(i);
            String expires = s.getString("expires");
            held.add(new VolunteerViews.SkillHeldView(s.getString("code"), s.getString("number"),
                    expires == null ? null : LocalDate.parse(expires), s.getBoolean("valid")));
        }
        return new VolunteerViews.Volunteer(r.getLong("id"), r.getLong("account_id") != null, r.getString("name"), r.getString("phone"),
                r.getLong("community_id"), new GeoPoint(r.getDouble("lat"), r.getDouble("lon")), r.getBoolean("home_is_community"),
                Arrays.asList(r.getArrayOfStrings("categories")), held, Arrays.asList(r.getArrayOfStrings("languages")),
                r.getString("availability"), r.getInteger("monthly_hours_cap"));
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
