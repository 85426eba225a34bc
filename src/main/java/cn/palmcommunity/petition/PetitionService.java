package cn.palmcommunity.petition;

import cn.palmcommunity.batching.StatementBatcher;
import cn.palmcommunity.db.GenericPlanPools;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.petition.PetitionCommands.LocationInput;
import cn.palmcommunity.photo.CleanPhoto;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Filing petitions and what residents do with their own: follow, co-sign, rate, reopen. */
@ApplicationScoped
public class PetitionService {

    /** How far to look for a community centre when a petition has only a position. */
    static final int COMMUNITY_SEARCH_METRES = 3000;
    /** Filings in one statement at most, and statements running at once. */
    private static final int MAX_BATCH = 64;
    private static final int MAX_IN_FLIGHT = 2;

    private final Pool pool;
    private final PetitionReader reader;
    private final PetitionEvents events;
    private final PetitionPhotos photoLinks;
    /** Residents' and riders' filings without photos, sharing statements under load (see {@link #INSERT_PETITIONS}). */
    private final StatementBatcher<Submitted, Row> filings;

    public PetitionService(Pool pool, PetitionReader reader, PetitionEvents events,
                           PetitionPhotos photoLinks, GenericPlanPools genericPlans) {
        this.pool = pool;
        this.reader = reader;
        this.events = events;
        this.photoLinks = photoLinks;
        // Planning the filing statement for its values took longer than running it (0.5 ms against
        // 0.25-0.45 ms for two filings); its generic plan is the same whatever the values.
        Pool filingConnections = genericPlans.open("palm-filing", MAX_IN_FLIGHT);
        this.filings = new StatementBatcher<>("petition filings", batch -> insertAll(filingConnections, batch), null, MAX_BATCH, MAX_IN_FLIGHT);
    }

    /** A resident's or rider's petition; riders file as people's-condition investigators. */
    public Uni<PetitionViews.MyPetition> file(PetitionCommands.NewPetition request, DataScope scope) {
        return file(request, List.of(), scope);
    }

    /** The same with photos, already checked and stripped; the petition and its photos commit together. */
    public Uni<PetitionViews.MyPetition> file(PetitionCommands.NewPetition request, List<CleanPhoto> photos, DataScope scope) {
        long reporter = scope.accountId();
        Channel channel = scope.role() == Role.RIDER ? Channel.RIDER_INVESTIGATOR : Channel.MINI_PROGRAM;
        GeoPoint point = wgs84(request.location());
        Filing filing = new Filing(channel, null, request.categoryCode(), request.text().strip(), reporter, request.anonymous(),
                null, request.contactPhone(), point, request.communityId(), null, blankToNull(request.address()), null);
        if (photos.isEmpty()) {
            // Concurrent filings share one statement that commits on its own; its row is the filer's whole view: no second read.
            return filings.submit(new Submitted(filing, scope.role().name()))
                    .map(row -> justFiled(checked(row, filing, "categoryCode", "communityId"), scope));
        }
        return pool.withTransaction(conn -> insert(conn, filing, scope.role().name(), "categoryCode", "communityId")
                        .call(id -> photoLinks.attach(conn, id, PetitionPhotos.Kind.SUBMISSION, photos, reporter)))
                .onItem().transformToUni(id -> mine(id, scope));
    }

    /** The filer's view of a petition that was just submitted: nothing has happened to it yet. */
    private static PetitionViews.MyPetition justFiled(Row row, DataScope scope) {
        var submit = new PetitionViews.TimelineEntry(row.getOffsetDateTime("event_at"), PetitionAction.SUBMIT.name(), null,
                PetitionStatus.SUBMITTED.name(), null, scope.role().name(), null);
        return new PetitionViews.MyPetition(row.getLong("id"), row.getString("category_code"), row.getString("category_name"),
                PetitionStatus.SUBMITTED.name(), row.getString("body"), row.getString("address"), row.getOffsetDateTime("submitted_at"),
                null, null, true, false, null, null, List.of(), List.of(), List.of(submit));
    }

    /** A grid patrol or self-check entry by a worker, inside their scope. */
    public Uni<PetitionViews.Petition> record(PetitionCommands.WorkerEntry entry, DataScope scope) {
        if (entry.channel() != Channel.GRID_PATROL && entry.channel() != Channel.SELF_CHECK) {
            throw ProblemException.invalidField("channel", "must be GRID_PATROL or SELF_CHECK");
        }
        scope.requireCommunity(entry.communityId());
        if (entry.gridId() != null && !scope.coversGrid(entry.gridId())) {
            throw ProblemException.forbidden("Grid " + entry.gridId() + " is outside your data scope");
        }
        Filing filing = new Filing(entry.channel(), null, entry.categoryCode(), entry.text().strip(), scope.accountId(), false,
                null, null, wgs84(entry.location()), entry.communityId(), entry.gridId(), blankToNull(entry.address()), null);
        return pool.withTransaction(conn -> requireGridOf(conn, entry.gridId(), entry.communityId())
                        .chain(() -> insert(conn, filing, scope.role().name(), "categoryCode", "communityId")))
                .onItem().transformToUni(id -> pool.withConnection(conn -> reader.row(conn, id)
                        .onItem().transformToUni(row -> reader.timeline(conn, id, true).map(t -> PetitionReader.staffView(row, t)))));
    }

    private static Uni<Void> requireGridOf(SqlClient conn, Long gridId, long communityId) {
        if (gridId == null) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("SELECT 1 FROM grid WHERE id = $1 AND community_id = $2").execute(Tuple.of(gridId, communityId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.invalidField("gridId", "is not a grid of community " + communityId);
                    }
                    return null;
                }).replaceWithVoid();
    }

    /**
     * Inserts a petition and its SUBMIT event (one statement, see {@link #INSERT_PETITIONS}). The
     * community comes from the request, else from the location (a boundary that covers it, else the
     * nearest centre); the accept limit from the category. Answers the new id; an unknown category or a
     * place outside the district is a 422 naming the caller's field.
     */
    public Uni<Long> insert(SqlClient conn, Filing f, String actorRole, String categoryField, String communityField) {
        return insertAll(conn, List.of(new Submitted(f, actorRole)))
                .map(rows -> checked(rows.get(0), f, categoryField, communityField).getLong("id"));
    }

    /** A filing with the role of whoever files it. */
    record Submitted(Filing filing, String actorRole) {
    }

    /** The inserted row's essentials (id, category, text, times), or the 422 naming the caller's field. */
    private static Row checked(Row row, Filing f, String categoryField, String communityField) {
        if (row.getLong("id") != null) {
            return row;
        }
        if (!row.getBoolean("category_ok")) {
            throw ProblemException.invalidField(categoryField, "unknown category " + f.categoryCode());
        }
        if (f.communityId() != null) {
            throw ProblemException.invalidField(communityField, "no such community");
        }
        throw ProblemException.invalidField(communityField, f.point() == null
                ? "give a location or a community" : "the location is outside the district; choose a community");
    }

    /** Inserts the filings in one statement; answers a row per filing, in their order (id null where refused). */
    static Uni<List<Row>> insertAll(SqlClient conn, List<Submitted> submitted) {
        int n = submitted.size();
        String[] channels = new String[n];
        String[] externalIds = new String[n];
        String[] categories = new String[n];
        String[] texts = new String[n];
        Long[] reporters = new Long[n];
        Boolean[] anonymous = new Boolean[n];
        String[] contactNames = new String[n];
        String[] contactPhones = new String[n];
        Double[] latitudes = new Double[n];
        Double[] longitudes = new Double[n];
        Long[] communities = new Long[n];
        Long[] grids = new Long[n];
        String[] addresses = new String[n];
        OffsetDateTime[] submittedAt = new OffsetDateTime[n];
        String[] roles = new String[n];
        for (int i = 0; i < n; i++) {
            Filing f = submitted.get(i).filing();
            channels[i] = f.channel().name();
            externalIds[i] = f.externalId();
            categories[i] = f.categoryCode();
            texts[i] = f.text();
            reporters[i] = f.reporterId();
            anonymous[i] = f.anonymous();
            contactNames[i] = f.contactName();
            contactPhones[i] = f.contactPhone();
            latitudes[i] = f.point() == null ? null : f.point().latitude();
            longitudes[i] = f.point() == null ? null : f.point().longitude();
            communities[i] = f.communityId();
            grids[i] = f.gridId();
            addresses[i] = f.address();
            submittedAt[i] = f.submittedAt();
            roles[i] = submitted.get(i).actorRole();
        }
        return conn.preparedQuery(INSERT_PETITIONS)
                .execute(Tuple.from(new Object[] {channels, externalIds, categories, texts, reporters, anonymous, contactNames,
                    contactPhones, latitudes, longitudes, communities, grids, addresses, submittedAt, roles, COMMUNITY_SEARCH_METRES}))
                .map(rows -> {
                    List<Row> out = new ArrayList<>(n);
                    for (Row row : rows) {
                        out.add(row);
                    }
                    return out;
                });
    }

    /**
     * Petitions and their SUBMIT events, from arrays with one element per filing, in one statement:
     * a round trip and a commit cost the database more than a petition's rows do, so concurrent
     * filings share them ({@link #filings}). Ids are drawn before inserting, so that each event finds
     * its petition without relying on insertion order. The answer has one row per filing, in order.
     */
    private static final String INSERT_PETITIONS = """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::bool[], $7::text[], $8::text[],
                                     $9::float8[], $10::float8[], $11::int8[], $12::int8[], $13::text[], $14::timestamptz[], $15::text[])
                       WITH ORDINALITY AS i(channel, external_id, category_code, body, reporter_id, anonymous, contact_name,
                                            contact_phone, lat, lon, asked_community, grid_id, address, asked_at, actor_role, ord)),
            resolved AS MATERIALIZED (
                SELECT input.*, category.code, category.name_zh, category.accept_within_hours, here.g,
                       coalesce(input.asked_at, now()) AS submitted_at,
                       CASE WHEN input.asked_community IS NOT NULL THEN (SELECT id FROM community WHERE id = input.asked_community)
                            WHEN here.g IS NULL THEN NULL
                            ELSE coalesce(
                                (SELECT c.id FROM community c
                                  WHERE c.boundary IS NOT NULL AND ST_Covers(c.boundary, here.g) LIMIT 1),
                                (SELECT c.id FROM community c
                                  WHERE c.centre IS NOT NULL AND ST_DWithin(c.centre, here.g, $16)
                                  ORDER BY c.centre <-> here.g LIMIT 1))
                       END AS community_id
                  FROM input
                  LEFT JOIN petition_category category ON category.code = input.category_code AND category.active
                  CROSS JOIN LATERAL (SELECT CASE WHEN input.lat IS NULL THEN NULL
                                                  ELSE ST_SetSRID(ST_MakePoint(input.lon, input.lat), 4326)::geography END AS g) here),
            numbered AS MATERIALIZED (
                SELECT nextval(pg_get_serial_sequence('petition', 'id')) AS id, resolved.*
                  FROM resolved WHERE code IS NOT NULL AND community_id IS NOT NULL ORDER BY ord),
            filed AS (
                INSERT INTO petition (id, channel, external_id, category_code, body, reporter_id, anonymous, contact_name, contact_phone,
                                      location, community_id, grid_id, address, submitted_at, accept_due_at)
                SELECT id, channel, external_id, code, body, reporter_id, anonymous, contact_name, contact_phone,
                       g, community_id, grid_id, address, submitted_at, submitted_at + make_interval(hours => accept_within_hours)
                  FROM numbered ORDER BY ord),
            submitted AS (
                INSERT INTO petition_event (petition_id, actor_id, actor_role, action, to_status)
                SELECT id, reporter_id, actor_role, 'SUBMIT', 'SUBMITTED' FROM numbered ORDER BY ord RETURNING petition_id, at)
            SELECT numbered.id, resolved.code AS category_code, resolved.body, resolved.address, resolved.submitted_at,
                   resolved.name_zh AS category_name, submitted.at AS event_at, resolved.code IS NOT NULL AS category_ok
              FROM resolved
              LEFT JOIN numbered ON numbered.ord = resolved.ord
              LEFT JOIN submitted ON submitted.petition_id = numbered.id
             ORDER BY resolved.ord""";

    /** Open petitions of the category near a point, nearest first, so a resident can co-sign instead. */
    public Uni<List<PetitionViews.Nearby>> nearby(GeoPoint wgs84, String categoryCode, int radiusMetres) {
        return pool.preparedQuery("""
                        WITH here AS (SELECT ST_SetSRID(ST_MakePoint($2, $1), 4326)::geography AS g)
                        SELECT p.id, p.category_code, p.status, p.body, p.submitted_at,
                               ST_Distance(p.location, here.g) AS distance,
                               (SELECT count(*) FROM petition_cosigner pc WHERE pc.petition_id = p.id) AS cosigners
                          FROM petition p, here
                         WHERE p.category_code = $3 AND p.status IN ('SUBMITTED', 'ACCEPTED', 'DISPATCHED', 'IN_PROGRESS')
                           AND ST_DWithin(p.location, here.g, $4)
                         ORDER BY p.location <-> here.g
                         LIMIT 10""")
                .execute(Tuple.of(wgs84.latitude(), wgs84.longitude(), categoryCode, radiusMetres))
                .map(rows -> {
                    List<PetitionViews.Nearby> out = new ArrayList<>();
                    for (Row r : rows) {
                        String body = r.getString("body");
                        out.add(new PetitionViews.Nearby(r.getLong("id"), r.getString("category_code"), r.getString("status"),
                                body.length() > 60 ? body.substring(0, 60) + "…" : body, r.getOffsetDateTime("submitted_at"),
                                (int) Math.round(r.getDouble("distance")), r.getInteger("cosigners")));
                    }
                    return out;
                });
    }

    /** "Me too": the caller follows an open petition instead of filing a duplicate. Repeating it is harmless. */
    public Uni<PetitionViews.MyPetition> cosign(long id, DataScope scope) {
        long account = scope.accountId();
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT status, reporter_id FROM petition WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().failure(ProblemException.notFound("Petition", id));
                    }
                    Row row = rows.iterator().next();
                    PetitionStatus status = PetitionStatus.valueOf(row.getString("status"));
                    if (!PetitionAction.COSIGN.allowedFrom(status)) {
                        return Uni.createFrom().failure(ProblemException.conflict("illegal-transition",
                                "Petition " + id + " is " + status + " and can no longer be co-signed"));
                    }
                    Long reporter = row.getLong("reporter_id");
                    if (reporter != null && reporter == account) {
                        return Uni.createFrom().failure(ProblemException.conflict("own-petition", "You filed this petition yourself"));
                    }
                    return conn.preparedQuery("""
                                    INSERT INTO petition_cosigner (petition_id, account_id) VALUES ($1, $2)
                                    ON CONFLICT DO NOTHING RETURNING petition_id""")
                            .execute(Tuple.of(id, account))
                            .onItem().transformToUni(inserted -> inserted.size() == 0 ? Uni.createFrom().voidItem()
                                    : events.record(conn, id, account, scope.role().name(), PetitionAction.COSIGN, status, status, null, false));
                }))
                .onItem().transformToUni(ignored -> mine(id, scope));
    }

    /** One of the caller's own petitions (filed or co-signed); anyone else's is 404, so ids cannot be probed. */
    public Uni<PetitionViews.MyPetition> mine(long id, DataScope scope) {
        long account = scope.accountId();
        return pool.withConnection(conn -> reader.row(conn, id).onItem().transformToUni(row -> {
            if (row == null) {
                return Uni.createFrom().failure(ProblemException.notFound("Petition", id));
            }
            return isFollower(conn, row, account).onItem().transformToUni(follows -> {
                if (!follows) {
                    return Uni.createFrom().failure(ProblemException.notFound("Petition", id));
                }
                return reader.timeline(conn, id, false).map(t -> PetitionReader.residentView(row, account, t));
            });
        }));
    }

    private Uni<Boolean> isFollower(SqlClient conn, Row row, long account) {
        Long reporter = row.getLong("reporter_id");
        if (reporter != null && reporter == account) {
            return Uni.createFrom().item(true);
        }
        return conn.preparedQuery("SELECT 1 FROM petition_cosigner WHERE petition_id = $1 AND account_id = $2")
                .execute(Tuple.of(row.getLong("id"), account)).map(rows -> rows.size() > 0);
    }

    /** The caller's petitions, filed or co-signed, newest first. */
    public Uni<PetitionViews.MyPage> myPetitions(DataScope scope, Long cursor, int limit) {
        long account = scope.accountId();
        return pool.preparedQuery(PetitionReader.SELECT_FULL + """
                         WHERE (p.reporter_id = $1 OR p.id IN (SELECT petition_id FROM petition_cosigner WHERE account_id = $1))
                           AND ($2::bigint IS NULL OR p.id < $2)
                         ORDER BY p.id DESC LIMIT $3""")
                .execute(Tuple.of(account, cursor, limit + 1))
                .map(rows -> {
                    List<PetitionViews.MyPetition> items = new ArrayList<>();
                    for (Row r : rows) {
                        items.add(PetitionReader.residentView(r, account, List.of()));
                    }
                    boolean more = items.size() > limit;
                    List<PetitionViews.MyPetition> page = more ? items.subList(0, limit) : items;
                    return new PetitionViews.MyPage(List.copyOf(page), more ? page.get(page.size() - 1).id() : null);
                });
    }

    static GeoPoint wgs84(LocationInput location) {
        if (location == null) {
            return null;
        }
        CoordinateSystem system = CoordinateSystem.parse(location.coord()).orElse(CoordinateSystem.GCJ02);
        return ChinaCoordinates.toWgs84(new GeoPoint(location.latitude(), location.longitude()), system);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Everything needed to insert a petition, whichever channel it came from. */
    public record Filing(Channel channel, String externalId, String categoryCode, String text, Long reporterId, boolean anonymous,
                  String contactName, String contactPhone, GeoPoint point, Long communityId, Long gridId, String address,
                  OffsetDateTime submittedAt) {
    }
}
