package cn.palmcommunity.station;

import cn.palmcommunity.http.DeviceIds;
import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.http.QueryParams;
import cn.palmcommunity.petition.Channel;
import cn.palmcommunity.petition.PetitionService;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What riders do at a station: check in (counted once per visitor, station and clock hour), rate it,
 * report a problem (filed as a STATION_PROBLEM petition of the managing community, so the
 * community's inbox and time limits take it from there); and the served counts staff read.
 */
@ApplicationScoped
public class StationVisits {

    static final String CATEGORY = "STATION_PROBLEM";

    private final Pool pool;
    private final StationHours hours;
    private final PetitionService petitions;

    public StationVisits(Pool pool, StationHours hours, PetitionService petitions) {
        this.pool = pool;
        this.hours = hours;
        this.petitions = petitions;
    }

    /**
     * Who is at the station: a logged-in account, or an anonymous device by its {@code X-Device-Id}.
     * Devices are kept only as a hash of their id: enough to count each once, nothing to trace back.
     */
    public record Visitor(Long accountId, Role role, String deviceId) {

        public Visitor {
            if (accountId == null && (deviceId == null || deviceId.isBlank())) {
                throw ProblemException.invalidField(DeviceIds.HEADER, "is required when not logged in (a stable id of this phone)");
            }
            if (accountId == null && !DeviceIds.isValid(deviceId)) {
                throw QueryParams.wrongType(DeviceIds.HEADER, DeviceIds.RULE);
            }
        }

        String key() {
            return accountId != null ? "account:" + accountId : "device:" + sha256(deviceId);
        }

        String actorRole() {
            return role == null ? "ANONYMOUS" : role.name();
        }
    }

    // ------------------------------------------------------------------ check-ins and served counts

    public Uni<StationViews.CheckinResult> checkIn(long id, Visitor visitor) {
        Instant now = hours.now();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS); // China is a whole-hour offset from UTC
        return pool.preparedQuery("""
                        WITH st AS (SELECT id, active FROM station WHERE id = $1),
                        counted AS (
                            INSERT INTO station_checkin (station_id, visitor, account_id, hour, at)
                            SELECT id, $2, $3, $4, $5 FROM st WHERE active
                            ON CONFLICT ON CONSTRAINT station_checkin_once_per_hour DO NOTHING
                            RETURNING id)
                        SELECT (SELECT active FROM st) AS active, (SELECT count(*) FROM counted) AS counted,
                               (SELECT count(*) FROM station_checkin k WHERE k.station_id = $1 AND k.at >= $6) AS served""")
                .execute(Tuple.from(new Object[] {id, visitor.key(), visitor.accountId(), hour.atOffset(ZoneOffset.UTC),
                    now.atOffset(ZoneOffset.UTC), yearStart(now)}))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    Boolean active = r.getBoolean("active");
                    if (active == null) {
                        throw ProblemException.notFound("Station", id);
                    }
                    if (!active) {
                        throw ProblemException.conflict("station-closed", "Station " + id + " is closed");
                    }
                    long counted = r.getLong("counted");
                    // The count was read in the same snapshot as the insert, so it does not see it yet.
                    return new StationViews.CheckinResult(id, counted > 0, StationSearch.local(hour), r.getLong("served") + counted);
                });
    }

    /** Period granularity of the served counts. */
    enum Period {
        DAY("day", "1 day", 366), MONTH("month", "1 month", 120), YEAR("year", "1 year", 50);

        final String field;
        final String step;
        final int maxBuckets;

        Period(String field, String step, int maxBuckets) {
            this.field = field;
            this.step = step;
            this.maxBuckets = maxBuckets;
        }

        static Period parse(String raw) {
            if (raw == null || raw.isBlank()) {
                return MONTH;
            }
            for (Period p : values()) {
                if (p.field.equalsIgnoreCase(raw.strip())) {
                    return p;
                }
            }
            throw QueryParams.wrongType("period", "must be day, month or year");
        }

        LocalDate start(LocalDate day) {
            return switch (this) {
                case DAY -> day;
                case MONTH -> day.withDayOfMonth(1);
                case YEAR -> day.withDayOfYear(1);
            };
        }

        LocalDate next(LocalDate start) {
            return switch (this) {
                case DAY -> start.plusDays(1);
                case MONTH -> start.plusMonths(1);
                case YEAR -> start.plusYears(1);
            };
        }

        /** The default window ending today: 30 days, 12 months or 5 years. */
        LocalDate defaultFrom(LocalDate today) {
            return switch (this) {
                case DAY -> today.minusDays(29);
                case MONTH -> today.withDayOfMonth(1).minusMonths(11);
                case YEAR -> today.withDayOfYear(1).minusYears(4);
            };
        }

        String label(LocalDate start) {
            return switch (this) {
                case DAY -> start.toString();
                case MONTH -> start.toString().substring(0, 7);
                case YEAR -> Integer.toString(start.getYear());
            };
        }

        long buckets(LocalDate from, LocalDate to) {
            return switch (this) {
                case DAY -> ChronoUnit.DAYS.between(from, to) + 1;
                case MONTH -> ChronoUnit.MONTHS.between(from, to) + 1;
                case YEAR -> ChronoUnit.YEARS.between(from, to) + 1;
            };
        }
    }

    /**
     * People served per day, month or year (China time), every period in the window listed, zeros
     * included; the window is widened to whole periods. Staff whose scope covers the station only.
     */
    public Uni<StationViews.Served> served(long id, String periodRaw, LocalDate fromRaw, LocalDate toRaw, DataScope scope) {
        Period period = Period.parse(periodRaw);
        LocalDate today = hours.now().atZone(ChinaTime.CHINA).toLocalDate();
        LocalDate to = period.start(toRaw == null ? today : toRaw);
        LocalDate from = period.start(fromRaw == null ? period.defaultFrom(today) : fromRaw);
        if (to.isBefore(from)) {
            throw ProblemException.invalidField("to", "must not be before from");
        }
        if (period.buckets(from, to) > period.maxBuckets) {
            throw ProblemException.invalidField("from", "at most " + period.maxBuckets + " " + period.field + "s at a time");
        }
        LocalDate end = period.next(to);
        String sql = """
                WITH st AS (SELECT s.community_id, street.district_id FROM station s JOIN community c ON c.id = s.community_id
                              JOIN street ON street.id = c.street_id WHERE s.id = $1),
                counts AS (
                    SELECT date_trunc('%1$s', k.at AT TIME ZONE 'Asia/Shanghai')::date AS b, count(*) AS n
                      FROM station_checkin k
                     WHERE k.station_id = $1 AND k.at >= $4 AND k.at < $5
                     GROUP BY 1)
                SELECT st.community_id, st.district_id, b.b, coalesce(counts.n, 0) AS n
                  FROM st
                  LEFT JOIN generate_series($2::date, $3::date, interval '%2$s') AS b(b) ON true
                  LEFT JOIN counts ON counts.b = b.b::date
                 ORDER BY b.b""".formatted(period.field, period.step);
        return pool.preparedQuery(sql)
                .execute(Tuple.of(id, from, to, from.atStartOfDay(ChinaTime.CHINA).toOffsetDateTime(),
                        end.atStartOfDay(ChinaTime.CHINA).toOffsetDateTime()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Station", id);
                    }
                    List<StationViews.ServedBucket> buckets = new ArrayList<>();
                    long total = 0;
                    for (Row r : rows) {
                        StationService.requireScope(scope, new StationService.Place(r.getLong("community_id"), r.getLong("district_id")));
                        long n = r.getLong("n");
                        total += n;
                        buckets.add(new StationViews.ServedBucket(period.label(r.getLocalDateTime("b").toLocalDate()), n));
                    }
                    return new StationViews.Served(id, period.field, from, end.minusDays(1), total, buckets);
                });
    }

    // ------------------------------------------------------------------ ratings and problems

    /** Rates a station 1-5; a visitor's new rating replaces their earlier one. */
    public Uni<StationViews.RatingResult> rate(long id, StationCommands.RatingInput input, Visitor visitor) {
        String comment = StationInputs.blankToNull(input.comment());
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                INSERT INTO station_rating (station_id, visitor, account_id, rating, comment, at)
                                SELECT id, $2, $3, $4, $5, now() FROM station WHERE id = $1
                                ON CONFLICT (station_id, visitor) DO UPDATE
                                   SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, account_id = EXCLUDED.account_id, at = EXCLUDED.at
                                RETURNING station_id""")
                        .execute(Tuple.of(id, visitor.key(), visitor.accountId(), input.rating(), comment))
                        .onItem().transformToUni(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().failure(ProblemException.notFound("Station", id));
                            }
                            return conn.preparedQuery("""
                                            SELECT round(avg(rating), 1)::float8 AS average, count(*) AS n
                                              FROM station_rating WHERE station_id = $1""")
                                    .execute(Tuple.of(id));
                        }))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new StationViews.RatingResult(id, input.rating(), comment, r.getDouble("average"), r.getLong("n"));
                });
    }

    /**
     * A problem at the station becomes a STATION_PROBLEM petition of the station's community, placed at
     * the station, in the same transaction as its link to the station. Logged-in reporters follow it
     * like any petition of theirs; anonymous reports are filed without a reporter.
     */
    public Uni<StationViews.ProblemReceipt> reportProblem(long id, StationCommands.ProblemInput input, Visitor visitor) {
        Channel channel = visitor.role() == Role.RESIDENT ? Channel.MINI_PROGRAM : Channel.RIDER_INVESTIGATOR;
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                SELECT name, address, community_id, ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lng
                                  FROM station WHERE id = $1""")
                        .execute(Tuple.of(id))
                        .onItem().transformToUni(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().failure(ProblemException.notFound("Station", id));
                            }
                            Row s = rows.iterator().next();
                            String place = s.getString("name") + (s.getString("address") == null ? "" : "（" + s.getString("address") + "）");
                            String body = "【驿站问题】" + place + "：" + input.text().strip();
                            var filing = new PetitionService.Filing(channel, null, CATEGORY, body, visitor.accountId(),
                                    visitor.accountId() == null, null, input.contactPhone(), new GeoPoint(s.getDouble("lat"), s.getDouble("lng")),
                                    s.getLong("community_id"), null, place.length() > 200 ? place.substring(0, 200) : place, null);
                            return petitions.insert(conn, filing, visitor.actorRole(), "category", "stationId")
                                    .call(petitionId -> conn.preparedQuery("""
                                                    INSERT INTO station_problem (station_id, petition_id, visitor, account_id)
                                                    VALUES ($1, $2, $3, $4)""")
                                            .execute(Tuple.of(id, petitionId, visitor.key(), visitor.accountId())));
                        }))
                .map(petitionId -> new StationViews.ProblemReceipt(id, petitionId, "SUBMITTED",
                        visitor.accountId() == null ? null : "/api/petitions/mine/" + petitionId));
    }

    private static OffsetDateTime yearStart(Instant now) {
        return now.atZone(ChinaTime.CHINA).toLocalDate().withDayOfYear(1).atStartOfDay(ChinaTime.CHINA).toOffsetDateTime();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
