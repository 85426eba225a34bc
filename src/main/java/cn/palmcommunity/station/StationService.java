package cn.palmcommunity.station;

import cn.palmcommunity.audit.AuditEntry;
import cn.palmcommunity.audit.AuditLog;
import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.hours.OpeningHours;
import cn.palmcommunity.hours.OpeningStatus;
import cn.palmcommunity.photo.CleanPhoto;
import cn.palmcommunity.photo.PhotoContent;
import cn.palmcommunity.photo.PhotoStore;
import cn.palmcommunity.photo.StoredPhoto;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Stations as staff keep them: create, replace (optimistic locking on the version), close and
 * reopen, temporary closures, photos and the floor plan; and the detail everyone reads. Each change
 * is one transaction that checks the caller's scope on the managing community, and writes an
 * audit-log row (who, when, what) with it.
 */
@ApplicationScoped
public class StationService {

    /** How far a position may be from a community centre to be placed in that community. */
    static final int COMMUNITY_SEARCH_METRES = 3000;
    static final int MAX_PHOTOS = 20;

    private final Pool pool;
    private final StationInputs inputs;
    private final StationHours hours;
    private final AuditLog audit;
    private final PhotoStore photos;
    private final StationSnapshots snapshots;

    public StationService(Pool pool, StationInputs inputs, StationHours hours, AuditLog audit, PhotoStore photos,
                          StationSnapshots snapshots) {
        this.pool = pool;
        this.inputs = inputs;
        this.hours = hours;
        this.audit = audit;
        this.photos = photos;
        this.snapshots = snapshots;
    }

    /** Who changes something, for the scope check and the audit log. */
    public record Actor(DataScope scope, String clientIp) {
        long id() {
            return scope.accountId();
        }

        String role() {
            return scope.role().name();
        }
    }

    // ------------------------------------------------------------------ detail

    public Uni<StationViews.Detail> detail(long id, CoordinateSystem coord) {
        Instant now = hours.now();
        OffsetDateTime yearStart = now.atZone(ChinaTime.CHINA).toLocalDate().withDayOfYear(1).atStartOfDay(ChinaTime.CHINA).toOffsetDateTime();
        return pool.preparedQuery("""
                        SELECT s.*, ST_Y(s.location::geometry) AS lat, ST_X(s.location::geometry) AS lng, c.name AS community_name,
                               (SELECT json_agg(json_build_object('id', cl.id, 'from', cl.starts_at, 'until', cl.ends_at, 'reason', cl.reason)
                                                ORDER BY cl.starts_at)
                                  FROM station_closure cl
                                 WHERE cl.station_id = s.id AND (cl.ends_at IS NULL OR cl.ends_at > $2)) AS closures,
                               ARRAY(SELECT p.photo_id::text FROM station_photo p WHERE p.station_id = s.id
                                      ORDER BY p.position, p.photo_id) AS photos,
                               (SELECT count(*) FROM station_checkin k WHERE k.station_id = s.id AND k.at >= $3) AS served_this_year,
                               (SELECT round(avg(r.rating), 1)::float8 FROM station_rating r WHERE r.station_id = s.id) AS rating_average,
                               (SELECT count(*) FROM station_rating r WHERE r.station_id = s.id) AS rating_count
                          FROM station s JOIN community c ON c.id = s.community_id
                         WHERE s.id = $1""")
                .execute(Tuple.of(id, now.atOffset(ZoneOffset.UTC), yearStart))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Station", id);
                    }
                    return detailOf(rows.iterator().next(), coord, now);
                });
    }

    private StationViews.Detail detailOf(Row r, CoordinateSystem coord, Instant now) {
        long id = r.getLong("id");
        GeoPoint wgs = new GeoPoint(r.getDouble("lat"), r.getDouble("lng"));
        GeoPoint shown = StationLinks.out(wgs, coord);
        String osm = r.getString("opening_hours_osm");
        OpeningHours opening = hours.stored(osm);
        JsonArray closureJson = StationHours.asArray(r.getValue("closures"));
        OpeningStatus status = hours.status(osm, now, StationHours.closures(closureJson));
        List<StationViews.ClosureView> closures = new ArrayList<>();
        for (int i = 0; i < closureJson.size(); i++) {
            JsonObject c = closureJson.getJsonObject(i);
            closures.add(new StationViews.ClosureView(c.getLong("id"), StationSearch.local(StationHours.instant(c.getString("from"))),
                    StationSearch.local(StationHours.instant(c.getString("until"))), c.getString("reason")));
        }
        List<StationViews.PhotoView> photoViews = new ArrayList<>();
        for (String photoId : r.getArrayOfStrings("photos")) {
            photoViews.add(new StationViews.PhotoView(photoId, StationLinks.photoUrl(id, photoId)));
        }
        UUID floorPlan = r.getUUID("floor_plan_photo_id");
        String name = r.getString("name");
        return new StationViews.Detail(id, StationKind.valueOf(r.getString("kind")), name, r.getString("address"),
                shown.latitude(), shown.longitude(), StationLinks.name(coord), r.getLong("community_id"), r.getString("community_name"),
                r.getString("phone"), r.getString("description"), Arrays.asList(r.getArrayOfStrings("amenities")), osm, opening.toJson(),
                status.openNow(), StationSearch.local(status.closesAt()), StationSearch.local(status.opensAt()), status.closureReason(),
                closures, r.getString("entrance_guide"), r.getString("rider_gate"), r.getString("entry_rules"),
                floorPlan == null ? null : StationLinks.photoUrl(id, floorPlan), r.getString("legal_service"), r.getString("discount"),
                photoViews, r.getLong("served_this_year"), r.getDouble("rating_average"), r.getLong("rating_count"),
                r.getBoolean("active"), r.getString("closed_reason"), StationLinks.navigationUrl(wgs, name), r.getInteger("version"),
                r.getOffsetDateTime("updated_at").atZoneSameInstant(ChinaTime.CHINA).toOffsetDateTime());
    }

    // ------------------------------------------------------------------ create and replace

    public Uni<StationViews.Detail> create(StationCommands.StationInput input, Actor actor, CoordinateSystem answerIn) {
        StationInputs.Prepared p = inputs.prepare(input);
        return pool.withTransaction(conn -> placeOf(conn, p.communityId(), p.wgs84())
                        .onItem().transformToUni(place -> {
                            requireScope(actor.scope(), place);
                            return insert(conn, p, place, actor)
                                    .call(id -> replaceHours(conn, id, p))
                                    .call(id -> record(conn, actor, "STATION_CREATE", id, place.communityId(),
                                            "created " + p.kind() + " " + p.name()));
                        }))
                // The search snapshot has the station before the answer goes out (read your own writes).
                .call(id -> snapshots.changed(id))
                .onItem().transformToUni(id -> detail(id, answerIn));
    }

    /** Replaces every editable field; {@code expectedVersion} must be the stored version, else 409. */
    public Uni<StationViews.Detail> replace(long id, StationCommands.StationInput input, Integer expectedVersion, Actor actor,
                                            CoordinateSystem answerIn) {
        if (expectedVersion == null) {
            throw ProblemException.invalidField("version", "is required: send the version you read (or an If-Match header)");
        }
        StationInputs.Prepared p = inputs.prepare(input);
        return pool.withTransaction(conn -> lockForChange(conn, id, actor)
                        .onItem().transformToUni(current -> {
                            Long communityId = p.communityId() == null ? Long.valueOf(current.communityId()) : p.communityId();
                            return placeOf(conn, communityId, p.wgs84()).onItem().transformToUni(place -> {
                                requireScope(actor.scope(), place);
                                if (current.version() != expectedVersion) {
                                    return Uni.createFrom().failure(staleVersion(id, expectedVersion, current.version()));
                                }
                                return update(conn, id, p, place, actor);
                            });
                        })
                        .call(ignored -> replaceHours(conn, id, p))
                        .call(communityId -> record(conn, actor, "STATION_UPDATE", id, communityId, "changed " + p.kind() + " " + p.name())))
                .call(() -> snapshots.changed(id))
                .onItem().transformToUni(ignored -> detail(id, answerIn));
    }

    static ProblemException staleVersion(long id, int expected, int actual) {
        return new ProblemException(Problem.of(409, "stale-version", "Changed by someone else",
                "Station " + id + " is at version " + actual + ", not " + expected + "; reload it and apply your change again"));
    }

    private Uni<Long> insert(SqlClient conn, StationInputs.Prepared p, Place place, Actor actor) {
        return conn.preparedQuery("""
                        INSERT INTO station (kind, name, address, location, community_id, district_id, phone, description, amenities,
                                             opening_hours_osm, always_open, has_holiday_rule, entrance_guide, rider_gate, entry_rules,
                                             legal_service, discount, created_by, updated_by)
                        VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint($5, $4), 4326)::geography, $6, $7, $8, $9, $10,
                                $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)
                        RETURNING id""")
                .execute(Tuple.from(new Object[] {p.kind().name(), p.name(), p.address(), p.wgs84().latitude(), p.wgs84().longitude(),
                    place.communityId(), place.districtId(), p.phone(), p.description(), p.amenities(), p.osm(), p.hours().alwaysOpen(),
                    p.hours().hasHolidayRule(), p.entranceGuide(), p.riderGate(), p.entryRules(), p.legalService(), p.discount(),
                    actor.id()}))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    private Uni<Long> update(SqlClient conn, long id, StationInputs.Prepared p, Place place, Actor actor) {
        return conn.preparedQuery("""
                        UPDATE station SET kind = $2, name = $3, address = $4, location = ST_SetSRID(ST_MakePoint($6, $5), 4326)::geography,
                               community_id = $7, district_id = $8, phone = $9, description = $10, amenities = $11,
                               opening_hours_osm = $12, always_open = $13, has_holiday_rule = $14, entrance_guide = $15,
                               rider_gate = $16, entry_rules = $17, legal_service = $18, discount = $19,
                               floor_plan_photo_id = CASE WHEN $2 = 'RIDER_COMPOUND' THEN floor_plan_photo_id END,
                               version = version + 1, updated_at = now(), updated_by = $20
                         WHERE id = $1
                        RETURNING community_id""")
                .execute(Tuple.from(new Object[] {id, p.kind().name(), p.name(), p.address(), p.wgs84().latitude(), p.wgs84().longitude(),
                    place.communityId(), place.districtId(), p.phone(), p.description(), p.amenities(), p.osm(), p.hours().alwaysOpen(),
                    p.hours().hasHolidayRule(), p.entranceGuide(), p.riderGate(), p.entryRules(), p.legalService(), p.discount(),
                    actor.id()}))
                .map(rows -> rows.iterator().next().getLong("community_id"));
    }

    /** station_hours mirrors the stored opening hours: replaced whole with every change. */
    static Uni<Void> replaceHours(SqlClient conn, long id, StationInputs.Prepared p) {
        Integer[][] columns = p.hourColumns();
        return conn.preparedQuery("""
                        WITH gone AS (DELETE FROM station_hours WHERE station_id = $1)
                        INSERT INTO station_hours (station_id, day, open_minute, close_minute)
                        SELECT $1, day, open_minute, close_minute FROM unnest($2::int[], $3::int[], $4::int[]) AS t(day, open_minute, close_minute)""")
                .execute(Tuple.of(id, columns[0], columns[1], columns[2]))
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------ close, reopen, closures

    public Uni<StationViews.Detail> close(long id, StationCommands.Close request, Actor actor) {
        return pool.withTransaction(conn -> lockForChange(conn, id, actor).onItem().transformToUni(current -> {
                    if (!current.active()) {
                        return Uni.createFrom().failure(ProblemException.conflict("already-closed", "Station " + id + " is closed already"));
                    }
                    return conn.preparedQuery("""
                                    UPDATE station SET active = false, closed_at = now(), closed_reason = $2, version = version + 1,
                                           updated_at = now(), updated_by = $3 WHERE id = $1""")
                            .execute(Tuple.of(id, request.reason().strip(), actor.id()))
                            .call(() -> record(conn, actor, "STATION_CLOSE", id, current.communityId(), "closed: " + request.reason().strip()));
                }))
                .call(() -> snapshots.changed(id))
                .onItem().transformToUni(ignored -> detail(id, CoordinateSystem.GCJ02));
    }

    public Uni<StationViews.Detail> reopen(long id, Actor actor) {
        return pool.withTransaction(conn -> lockForChange(conn, id, actor).onItem().transformToUni(current -> {
                    if (current.active()) {
                        return Uni.createFrom().failure(ProblemException.conflict("not-closed", "Station " + id + " is not closed"));
                    }
                    return conn.preparedQuery("""
                                    UPDATE station SET active = true, closed_at = NULL, closed_reason = NULL, version = version + 1,
                                           updated_at = now(), updated_by = $2 WHERE id = $1""")
                            .execute(Tuple.of(id, actor.id()))
                            .call(() -> record(conn, actor, "STATION_REOPEN", id, current.communityId(), "reopened"));
                }))
                .call(() -> snapshots.changed(id))
                .onItem().transformToUni(ignored -> detail(id, CoordinateSystem.GCJ02));
    }

    public Uni<StationViews.ClosureView> addClosure(long id, StationCommands.ClosureInput input, Actor actor) {
        if (input.until() != null && !input.until().isAfter(input.from())) {
            throw ProblemException.invalidField("until", "must be after from");
        }
        return pool.withTransaction(conn -> lockForChange(conn, id, actor).onItem().transformToUni(current -> conn.preparedQuery("""
                                INSERT INTO station_closure (station_id, starts_at, ends_at, reason, created_by)
                                VALUES ($1, $2, $3, $4, $5) RETURNING id, starts_at, ends_at, reason""")
                        .execute(Tuple.of(id, input.from(), input.until(), input.reason().strip(), actor.id()))
                        .map(rows -> rows.iterator().next())
                        .call(row -> record(conn, actor, "STATION_CLOSURE_ADD", id, current.communityId(),
                                "temporary closure from " + input.from() + (input.until() == null ? "" : " until " + input.until())
                                        + ": " + input.reason().strip()))))
                .call(() -> snapshots.changed(id))
                .map(row -> new StationViews.ClosureView(row.getLong("id"), local(row.getOffsetDateTime("starts_at")),
                        local(row.getOffsetDateTime("ends_at")), row.getString("reason")));
    }

    public Uni<Void> removeClosure(long id, long closureId, Actor actor) {
        return pool.withTransaction(conn -> lockForChange(conn, id, actor).onItem().transformToUni(current -> conn.preparedQuery(
                                "DELETE FROM station_closure WHERE id = $1 AND station_id = $2 RETURNING starts_at, reason")
                        .execute(Tuple.of(closureId, id))
                        .onItem().transformToUni(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().failure(ProblemException.notFound("Closure", closureId));
                            }
                            return record(conn, actor, "STATION_CLOSURE_REMOVE", id, current.communityId(),
                                    "temporary closure " + closureId + " removed (" + rows.iterator().next().getString("reason") + ")");
                        })))
                .call(() -> snapshots.changed(id));
    }

    // ------------------------------------------------------------------ photos

    /** Adds photos (already checked and stripped) after the existing ones; at most {@value #MAX_PHOTOS} in all. */
    public Uni<List<StationViews.PhotoView>> addPhotos(long id, List<CleanPhoto> clean, Actor actor) {
        if (clean.isEmpty()) {
            throw ProblemException.invalidField("photos", "send at least one photo");
        }
        return pool.withTransaction(conn -> lockForChange(conn, id, actor).onItem().transformToUni(current -> conn.preparedQuery(
                                "SELECT count(*) AS n, coalesce(max(position), -1) AS last FROM station_photo WHERE station_id = $1")
                        .execute(Tuple.of(id))
                        .onItem().transformToUni(rows -> {
                            Row row = rows.iterator().next();
                            long existing = row.getLong("n");
                            if (existing + clean.size() > MAX_PHOTOS) {
                                return Uni.createFrom().failure(ProblemException.invalidField("photos",
                                        "a station has at most " + MAX_PHOTOS + " photos; it has " + existing));
                            }
                            int first = row.getInteger("last") + 1;
                            return photos.insertAll(conn, clean, actor.id())
                                    .call(stored -> conn.preparedQuery("""
                                                    INSERT INTO station_photo (station_id, photo_id, position, added_by)
                                                    SELECT $1, photo_id, $3 + ord - 1, $4 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(photo_id, ord)""")
                                            .execute(Tuple.of(id, stored.stream().map(StoredPhoto::id).toArray(UUID[]::new), first, actor.id())))
                                    .call(stored -> record(conn, actor, "STATION_PHOTO_ADD", id, current.communityId(),
                                            stored.size() + " photo(s) added"));
                        })))
                .onItem().transformToUni(ignored -> photoList(id));
    }

    public Uni<List<StationViews.PhotoView>> photoList(long id) {
        return pool.preparedQuery("SELECT photo_id FROM station_photo WHERE station_id = $1 ORDER BY position, photo_id")
                .execute(Tuple.of(id))
                .map(rows -> {
                    List<StationViews.PhotoView> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new StationViews.PhotoView(r.getUUID("photo_id").toString(), StationLinks.photoUrl(id, r.getUUID("photo_id"))));
                    }
                    return out;
                });
    }

    public Uni<Void> removePhoto(long id, UUID photoId, Actor actor) {
        return pool.withTransaction(conn -> lockForChange(conn, id, actor).onItem().transformToUni(current -> conn.preparedQuery("""
                                WITH unlinked AS (DELETE FROM station_photo WHERE station_id = $1 AND photo_id = $2 RETURNING photo_id)
                                DELETE FROM photo WHERE id IN (SELECT photo_id FROM unlinked) RETURNING id""")
                        .execute(Tuple.of(id, photoId))
                        .onItem().transformToUni(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom().failure(ProblemException.notFound("Photo", photoId));
                            }
                            return record(conn, actor, "STATION_PHOTO_REMOVE", id, current.communityId(), "photo " + photoId + " removed");
                        })));
    }

    /** Sets (or replaces) a rider-friendly compound's floor plan. */
    public Uni<StationViews.Detail> setFloorPlan(long id, CleanPhoto plan, Actor actor) {
        return pool.withTransaction(conn -> lockForChange(conn, id, actor).onItem().transformToUni(current -> {
                    if (current.kind() != StationKind.RIDER_COMPOUND) {
                        return Uni.createFrom().failure(ProblemException.invalidField("photo",
                                "only rider-friendly compounds have a floor plan; station " + id + " is " + current.kind()));
                    }
                    return photos.insert(conn, plan, actor.id()).onItem().transformToUni(stored -> conn.preparedQuery("""
                                    WITH old AS (SELECT floor_plan_photo_id AS photo_id FROM station WHERE id = $1),
                                         changed AS (UPDATE station SET floor_plan_photo_id = $2, version = version + 1, updated_at = now(),
                                                            updated_by = $3 WHERE id = $1 RETURNING id)
                                    SELECT photo_id FROM old""")
                            .execute(Tuple.of(id, stored.id(), actor.id()))
                            .onItem().transformToUni(rows -> {
                                UUID old = rows.iterator().next().getUUID("photo_id");
                                Uni<Void> cleanup = old == null ? Uni.createFrom().voidItem()
                                        : conn.preparedQuery("DELETE FROM photo WHERE id = $1").execute(Tuple.of(old)).replaceWithVoid();
                                return cleanup.call(() -> record(conn, actor, "STATION_FLOOR_PLAN", id, current.communityId(), "floor plan set"));
                            }));
                }))
                .onItem().transformToUni(ignored -> detail(id, CoordinateSystem.GCJ02));
    }

    /** A station's photo or floor plan; 404 unless it belongs to the station. Station photos are public. */
    public Uni<PhotoContent> photo(long id, UUID photoId) {
        return pool.preparedQuery("""
                        SELECT 1 FROM station_photo WHERE station_id = $1 AND photo_id = $2
                        UNION ALL
                        SELECT 1 FROM station WHERE id = $1 AND floor_plan_photo_id = $2""")
                .execute(Tuple.of(id, photoId))
                .onItem().transformToUni(rows -> rows.size() == 0
                        ? Uni.createFrom().failure(ProblemException.notFound("Photo", photoId))
                        : photos.load(photoId));
    }

    // ------------------------------------------------------------------ staff list

    /** The stations of the caller's scope (closed ones too), newest first. */
    public Uni<StationViews.ManagedPage> managed(DataScope scope, Long communityId, Long cursor, int limit) {
        if (communityId != null) {
            scope.requireCommunity(communityId);
        }
        return pool.preparedQuery("""
                        SELECT id, kind, name, address, community_id, external_id, active, version, updated_at FROM station
                         WHERE ($1::bigint[] IS NULL OR community_id = ANY($1)) AND ($2::bigint IS NULL OR community_id = $2)
                           AND ($3::bigint IS NULL OR id < $3)
                         ORDER BY id DESC LIMIT $4""")
                .execute(Tuple.of(scope.communityFilter(), communityId, cursor, limit + 1))
                .map(rows -> {
                    List<StationViews.Managed> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(new StationViews.Managed(r.getLong("id"), StationKind.valueOf(r.getString("kind")), r.getString("name"),
                                r.getString("address"), r.getLong("community_id"), r.getString("external_id"), r.getBoolean("active"),
                                r.getInteger("version"), local(r.getOffsetDateTime("updated_at"))));
                    }
                    boolean more = items.size() > limit;
                    List<StationViews.Managed> page = more ? items.subList(0, limit) : items;
                    return new StationViews.ManagedPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
                });
    }

    // ------------------------------------------------------------------ shared steps

    /** The managing community and its district. */
    record Place(long communityId, long districtId) {
    }

    /** The station as it is before a change. */
    record Current(long communityId, StationKind kind, boolean active, int version) {
    }

    /**
     * Locks the station row for the change and checks that the caller's scope covers its community:
     * 404 when there is no such station, 403 when it is someone else's.
     */
    Uni<Current> lockForChange(SqlClient conn, long id, Actor actor) {
        return conn.preparedQuery("""
                        SELECT s.community_id, st.district_id, s.kind, s.active, s.version
                          FROM station s JOIN community c ON c.id = s.community_id JOIN street st ON st.id = c.street_id
                         WHERE s.id = $1 FOR UPDATE OF s""")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Station", id);
                    }
                    Row r = rows.iterator().next();
                    requireScope(actor.scope(), new Place(r.getLong("community_id"), r.getLong("district_id")));
                    return new Current(r.getLong("community_id"), StationKind.valueOf(r.getString("kind")), r.getBoolean("active"),
                            r.getInteger("version"));
                });
    }

    /** Community and district from the given community, else from the position (a covering boundary, else the nearest centre). */
    static Uni<Place> placeOf(SqlClient conn, Long communityId, GeoPoint wgs84) {
        return conn.preparedQuery("""
                        WITH here AS (SELECT ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography AS g),
                        chosen AS (
                            SELECT c.id, 1 AS rank FROM community c WHERE c.id = $1
                            UNION ALL
                            SELECT * FROM (SELECT c.id, 2 FROM community c, here
                                            WHERE $1::bigint IS NULL AND c.boundary IS NOT NULL AND ST_Covers(c.boundary, here.g) LIMIT 1) b
                            UNION ALL
                            SELECT * FROM (SELECT c.id, 3 FROM community c, here
                                            WHERE $1::bigint IS NULL AND c.centre IS NOT NULL AND ST_DWithin(c.centre, here.g, $4)
                                            ORDER BY c.centre <-> here.g LIMIT 1) n)
                        SELECT c.id, st.district_id FROM (SELECT id FROM chosen ORDER BY rank LIMIT 1) ch
                          JOIN community c ON c.id = ch.id JOIN street st ON st.id = c.street_id""")
                .execute(Tuple.of(communityId, wgs84.latitude(), wgs84.longitude(), COMMUNITY_SEARCH_METRES))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.invalidField("communityId", communityId != null ? "no such community"
                                : "the position is not in any community of the district; give communityId");
                    }
                    Row r = rows.iterator().next();
                    return new Place(r.getLong("id"), r.getLong("district_id"));
                });
    }

    /** Street and community staff within their communities; district staff within their district. */
    static void requireScope(DataScope scope, Place place) {
        scope.requireCommunity(place.communityId());
        Long district = scope.districtId();
        if (scope.wholeDistrict() && district != null && district != place.districtId()) {
            throw ProblemException.forbidden("Community " + place.communityId() + " is outside your district");
        }
    }

    Uni<Void> record(SqlClient conn, Actor actor, String action, long stationId, Long communityId, String what) {
        String purpose = what.length() > 200 ? what.substring(0, 199) + "…" : what;
        return audit.record(conn, new AuditEntry(actor.id(), actor.role(), action, "STATION", stationId, communityId, purpose, actor.clientIp()));
    }

    static OffsetDateTime local(OffsetDateTime time) {
        return time == null ? null : time.atZoneSameInstant(ChinaTime.CHINA).toOffsetDateTime();
    }
}
