package cn.palmcommunity.petition;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.testsupport.Fixtures;
import io.vertx.mutiny.sqlclient.Row;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Petitions written straight into the table for the insight tests, with the times, statuses and
 * ratings a test needs (the handling loop would take days to get there).
 */
final class InsightFixtures {

    private InsightFixtures() {
    }

    /** A mini-program resident account (no login needed: these tests only count reporters). */
    static long resident(Fixtures fixtures) {
        return fixtures.count("INSERT INTO account (role, display_name, wechat_openid) VALUES ('RESIDENT', '测试居民', $1) RETURNING id",
                "insight-" + UUID.randomUUID());
    }

    /** China wall-clock time. */
    static OffsetDateTime china(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(ChinaTime.CHINA).toOffsetDateTime();
    }

    /** The community's centre as {latitude, longitude}. */
    static double[] centre(Fixtures fixtures, long communityId) {
        Row r = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = $1", communityId)
                .iterator().next();
        return new double[] {r.getDouble(0), r.getDouble(1)};
    }

    /** A point the given metres north and east of {latitude, longitude}. */
    static double[] offset(double[] point, double northMetres, double eastMetres) {
        return new double[] {point[0] + northMetres / 111_320.0,
            point[1] + eastMetres / (111_320.0 * Math.cos(Math.toRadians(point[0])))};
    }

    /** One petition to insert; set what the test cares about. */
    static Builder petition(long communityId, String category) {
        return new Builder(communityId, category);
    }

    static final class Builder {
        private final long communityId;
        private final String category;
        private String status = "SUBMITTED";
        private Long reporter;
        private String phone;
        private double[] location;
        private OffsetDateTime submitted = OffsetDateTime.now().minusDays(1);
        private OffsetDateTime accepted;
        private Integer rating;
        private String comment;
        private OffsetDateTime visited;
        private int reopens;
        private boolean anonymous;

        private Builder(long communityId, String category) {
            this.communityId = communityId;
            this.category = category;
        }

        Builder status(String value) {
            status = value;
            return this;
        }

        Builder reporter(long account) {
            reporter = account;
            return this;
        }

        Builder phone(String value) {
            phone = value;
            return this;
        }

        Builder at(double[] latLon) {
            location = latLon;
            return this;
        }

        Builder submitted(OffsetDateTime at) {
            submitted = at;
            return this;
        }

        /** Accepted this many hours after submission (the accept limit is 24 hours). */
        Builder acceptedAfterHours(int hours) {
            accepted = submitted.plusHours(hours);
            return this;
        }

        Builder rated(int value, String text, OffsetDateTime at) {
            rating = value;
            comment = text;
            visited = at;
            return this;
        }

        Builder reopened(int times) {
            reopens = times;
            return this;
        }

        Builder anonymous() {
            anonymous = true;
            return this;
        }

        long insert(Fixtures fixtures) {
            return fixtures.count("""
                            INSERT INTO petition (channel, category_code, body, status, reporter_id, contact_phone, anonymous, location,
                                                  community_id, submitted_at, accept_due_at, accepted_at, resolved_at, rating,
                                                  rating_comment, visit_kind, visited_at, reopen_count)
                            VALUES (CASE WHEN $5::bigint IS NULL THEN 'HOTLINE_12345' ELSE 'MINI_PROGRAM' END, $1, '洞察测试', $2, $5, $6, $7,
                                    CASE WHEN $3::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($4, $3), 4326)::geography END,
                                    $8, $9, $9 + interval '24 hours', $10,
                                    CASE WHEN $2 IN ('RESOLVED', 'VISITED', 'CLOSED') THEN $9 + interval '2 days' END,
                                    $11, $12, CASE WHEN $11::smallint IS NOT NULL THEN 'RESIDENT_RATING' END, $13, $14)
                            RETURNING id""",
                    category, status, location == null ? null : location[0], location == null ? null : location[1], reporter, phone,
                    anonymous, communityId, submitted, accepted, rating == null ? null : rating.shortValue(), comment, visited, reopens);
        }
    }
}
