package cn.palmcommunity.resident.feed;

import cn.palmcommunity.resident.IdNumberCipher;
import cn.palmcommunity.resident.ResidentIdNumber;
import cn.palmcommunity.resident.feed.ValueWrites.HouseholdChange;
import cn.palmcommunity.resident.feed.ValueWrites.Origin;
import cn.palmcommunity.resident.feed.ValueWrites.StatusChange;
import cn.palmcommunity.resident.feed.ValueWrites.TagEnd;
import cn.palmcommunity.resident.feed.ValueWrites.TagGive;
import cn.palmcommunity.resident.feed.ValueWrites.TextChange;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies one batch of valid feed rows in one transaction, set-based: a handful of reads for the
 * whole batch (the ledger, the residents, their provenance and tags, the compounds), a decision per
 * row in memory, then one statement per kind of write. A row either applies completely, becomes a
 * discrepancy, is already applied, or is rejected with its reason; nothing is half-applied, since
 * the batch commits or fails as a whole. No resident appears twice in one batch (the caller cuts
 * batches there), so every decision reads the state before the batch.
 */
final class FeedBatch {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Set<String> COMMUNITY_SOURCES = Set.of("COMMUNITY_SURVEY", "SELF_REPORT");

    /** Another transaction (a lane of this upload, another upload) applied one of this batch's records meanwhile. */
    static final class LedgerTaken extends RuntimeException {
        LedgerTaken(int taken) {
            super(taken + " of the batch's records were applied by another transaction meanwhile", null, false, false);
        }
    }

    /** What one batch did. */
    record Result(int applied, int unchanged, int discrepancies, List<RowError> errors) {
    }

    /** The upload's fixed facts. */
    record Context(long uploadId, FeedKind kind, String source, OffsetDateTime now) {
        String feedName() {
            return source + "/" + kind;
        }
    }

    private record Current(long id, long communityId, Long gridId, Long compoundId, Long householdId, String address, String phone,
                           String livingStatus, String education) {
    }

    private record Provenance(String source, OffsetDateTime recordedAt) {
        boolean byCommunity() {
            return COMMUNITY_SOURCES.contains(source);
        }
    }

    private record CurrentTag(long id, Integer level, String source, OffsetDateTime confirmedAt) {
    }

    private record Compound(long id, long communityId, long gridId, String name) {
    }

    private record Disagreement(long residentId, long communityId, String field, String communityValue, Provenance community,
                                String feedValue, JsonObject change, FeedItem item) {
    }

    private record Birth(FeedItem item, Current guardian) {
    }

    private final Context ctx;
    private final ValueWrites writes;
    private final IdNumberCipher cipher;

    private final List<RowError> errors = new ArrayList<>();
    private final List<StatusChange> statuses = new ArrayList<>();
    private final List<HouseholdChange> households = new ArrayList<>();
    private final List<FeedItem> moveIns = new ArrayList<>();
    private final List<TextChange> phones = new ArrayList<>();
    private final List<TextChange> educations = new ArrayList<>();
    private final List<TagGive> gives = new ArrayList<>();
    private final List<TagEnd> ends = new ArrayList<>();
    private final List<Long> confirmedTags = new ArrayList<>();
    private final List<Long> confirmedRecords = new ArrayList<>();
    private final List<Disagreement> disagreements = new ArrayList<>();
    private final List<Birth> births = new ArrayList<>();
    private final Map<FeedItem, Long> ledgerResident = new java.util.IdentityHashMap<>();
    private final Map<FeedItem, String> ledgerOutcome = new java.util.IdentityHashMap<>();
    private int unchanged;

    FeedBatch(Context ctx, ValueWrites writes, IdNumberCipher cipher) {
        this.ctx = ctx;
        this.writes = writes;
        this.cipher = cipher;
    }

    Uni<Result> apply(SqlConnection conn, List<FeedItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(new Result(0, 0, 0, List.of()));
        }
        // A batch touches a few thousand rows of tables with a million: every read probes an index
        // per key (LATERAL, so the planner cannot turn it into a scan of the whole ledger or of every
        // current tag), and seq scans are off for the batch's updates, which join the batch's arrays:
        // costed on statistics from before the upload grew those tables, the planner would otherwise
        // hash-join a scan of all of resident_tag. Custom plans see each batch's values.
        return conn.query("SET LOCAL plan_cache_mode = force_custom_plan; SET LOCAL enable_seqscan = off").execute()
                .chain(ignored -> conn.preparedQuery("""
                        SELECT k.record_id, l.version
                          FROM unnest($3::text[]) AS k(record_id)
                          CROSS JOIN LATERAL (SELECT max(f.version) AS version FROM feed_record f
                                               WHERE f.source = $1 AND f.feed = $2 AND f.record_id = k.record_id) l
                         WHERE l.version IS NOT NULL""")
                .execute(Tuple.of(ctx.source(), ctx.kind().name(), items.stream().map(FeedItem::recordId).distinct().toArray(String[]::new))))
                .chain(ledger -> {
                    Map<String, Long> known = new HashMap<>();
                    ledger.forEach(r -> known.put(r.getString("record_id"), r.getLong("version")));
                    Set<String> seen = new HashSet<>();
                    List<FeedItem> fresh = new ArrayList<>();
                    for (FeedItem item : items) {
                        Long applied = known.get(item.recordId());
                        if ((applied != null && applied >= item.version()) || !seen.add(item.recordId() + "#" + item.version())) {
                            unchanged++;
                        } else {
                            fresh.add(item);
                        }
                    }
                    return fresh.isEmpty() ? Uni.createFrom().voidItem() : decideAndWrite(conn, fresh);
                })
                .map(ignored -> new Result(ledgerOutcome.size() - disagreementRows(), unchanged, disagreementRows(), errors));
    }

    private int disagreementRows() {
        return (int) ledgerOutcome.values().stream().filter("DISCREPANCY"::equals).count();
    }

    private Uni<Void> decideAndWrite(SqlConnection conn, List<FeedItem> items) {
        List<Buffer> hashes = new ArrayList<>();
        for (FeedItem item : items) {
            hashes.add(Buffer.buffer(item.idHash()));
            if (item.guardianHash() != null) {
                hashes.add(Buffer.buffer(item.guardianHash()));
            }
        }
        return conn.preparedQuery("""
                        SELECT id, id_number_hash, community_id, grid_id, compound_id, household_id, address, phone, living_status, education
                          FROM resident WHERE id_number_hash = ANY($1)""")
                .execute(Tuple.of(hashes.toArray(Buffer[]::new)))
                .chain(rows -> {
                    Map<String, Current> residents = new HashMap<>();
                    for (Row r : rows) {
                        residents.put(java.util.HexFormat.of().formatHex(r.getBuffer("id_number_hash").getBytes()), new Current(
                                r.getLong("id"), r.getLong("community_id"), r.getLong("grid_id"), r.getLong("compound_id"),
                                r.getLong("household_id"), r.getString("address"), r.getString("phone"), r.getString("living_status"),
                                r.getString("education")));
                    }
                    Long[] ids = residents.values().stream().map(Current::id).toArray(Long[]::new);
                    return provenance(conn, ids).chain(prov -> tags(conn, ids).chain(tags -> compounds(conn, items).chain(compounds -> {
                        for (FeedItem item : items) {
                            decide(item, residents, prov, tags, compounds);
                        }
                        return write(conn);
                    })));
                });
    }

    private Uni<Map<String, Provenance>> provenance(SqlConnection conn, Long[] ids) {
        if (ids.length == 0 || ctx.kind() == FeedKind.BIRTH) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("""
                        SELECT resident_id, field, source, recorded_at FROM resident_value
                         WHERE resident_id = ANY($1) AND field IN ('livingStatus', 'address', 'household', 'phone', 'education')""")
                .execute(Tuple.of(ids))
                .map(rows -> {
                    Map<String, Provenance> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getLong("resident_id") + "/" + r.getString("field"),
                            new Provenance(r.getString("source"), r.getOffsetDateTime("recorded_at"))));
                    return out;
                });
    }

    private Uni<Map<String, CurrentTag>> tags(SqlConnection conn, Long[] ids) {
        List<String> codes = switch (ctx.kind()) {
            case DISABILITY -> List.of("DISABILITY");
            case LOW_INCOME -> List.of("LOW_INCOME");
            case VETERAN_EMPLOYMENT -> List.of("VETERAN", "VETERAN_UNEMPLOYED");
            default -> List.of();
        };
        if (ids.length == 0 || codes.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("""
                        SELECT t.id, t.resident_id, t.tag_code, t.level, t.source, t.confirmed_at
                          FROM unnest($1::bigint[]) AS k(resident_id)
                          CROSS JOIN LATERAL (SELECT * FROM resident_tag t
                                               WHERE t.resident_id = k.resident_id AND t.tag_code = ANY($2) AND t.until IS NULL OFFSET 0) t""")
                .execute(Tuple.of(ids, codes.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, CurrentTag> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getLong("resident_id") + "/" + r.getString("tag_code"), new CurrentTag(
                            r.getLong("id"), r.getInteger("level"), r.getString("source"), r.getOffsetDateTime("confirmed_at"))));
                    return out;
                });
    }

    private Uni<Map<String, Compound>> compounds(SqlConnection conn, List<FeedItem> items) {
        List<FeedItem> ins = items.stream().filter(i -> i.compound() != null).toList();
        if (ins.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return conn.preparedQuery("""
                        SELECT id, community_id, grid_id, name FROM compound
                         WHERE community_id = ANY($1) AND name = ANY($2)""")
                .execute(Tuple.of(ins.stream().map(FeedItem::communityId).distinct().toArray(Long[]::new),
                        ins.stream().map(FeedItem::compound).distinct().toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Compound> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getLong("community_id") + "/" + r.getString("name"), new Compound(
                            r.getLong("id"), r.getLong("community_id"), r.getLong("grid_id"), r.getString("name"))));
                    return out;
                });
    }

    // ---------- decisions ----------

    private void decide(FeedItem item, Map<String, Current> residents, Map<String, Provenance> prov, Map<String, CurrentTag> tags,
                        Map<String, Compound> compounds) {
        Current who = residents.get(item.residentKey());
        if (ctx.kind() == FeedKind.BIRTH) {
            if (who != null) {
                errors.add(new RowError(item.row(), item.recordId(), "id_number",
                        "duplicate ID number: a resident with this ID number is already registered"));
                return;
            }
            Current guardian = item.guardianHash() == null ? null
                    : residents.get(java.util.HexFormat.of().formatHex(item.guardianHash()));
            births.add(new Birth(item, guardian));
            return;
        }
        if (who == null) {
            errors.add(new RowError(item.row(), item.recordId(), "id_number", "unknown resident: no one with this ID number is registered"));
            return;
        }
        Origin origin = new Origin(item.recordId(), item.version(), null);
        Outcome outcome = new Outcome();
        switch (ctx.kind()) {
            case DEATH -> status(item, who, prov, "DECEASED", origin, outcome);
            case HOUSEHOLD_MOVE -> {
                if (item.status().equals("OUT")) {
                    status(item, who, prov, "MOVED_OUT", origin, outcome);
                } else {
                    Compound compound = compounds.get(item.communityId() + "/" + item.compound());
                    if (compound == null) {
                        errors.add(new RowError(item.row(), item.recordId(), "compound",
                                "unknown compound \"" + item.compound() + "\" in community " + item.communityId()));
                        return;
                    }
                    moveIn(item, who, prov, compound, origin, outcome);
                }
                if (item.phone() != null) {
                    text(item, who, prov, "phone", who.phone(), item.phone(), origin, outcome, phones);
                }
            }
            case EDUCATION -> text(item, who, prov, "education", who.education(), item.education(), origin, outcome, educations);
            case DISABILITY -> tag(item, who, tags, "DISABILITY", item.status().equals("VALID"), item.level(), origin, outcome);
            case LOW_INCOME -> tag(item, who, tags, "LOW_INCOME", item.status().equals("GRANTED"), null, origin, outcome);
            case VETERAN_EMPLOYMENT -> {
                if (!tags.containsKey(who.id() + "/VETERAN")) {
                    gives.add(new TagGive(who.id(), "VETERAN", null, null, item.day(), origin));
                    outcome.applied = true;
                }
                tag(item, who, tags, "VETERAN_UNEMPLOYED", item.status().equals("UNEMPLOYED"), null, origin, outcome);
            }
            default -> throw new IllegalStateException("births are handled above");
        }
        ledgerResident.put(item, who.id());
        ledgerOutcome.put(item, outcome.disagreed ? "DISCREPANCY" : outcome.applied ? "APPLIED" : "CONFIRMED");
        if (!outcome.applied && !outcome.disagreed) {
            confirmedRecords.add(who.id());
        }
    }

    private static final class Outcome {
        boolean applied;
        boolean disagreed;
    }

    /**
     * The community's value disagrees with the feed when a worker or the resident recorded it (not a
     * feed) on or after the day the feed's fact took effect: what the community saw before a death or
     * a move is simply out of date, not a contradiction. Feeds without a day (education) disagree
     * with any community value.
     */
    private static boolean disagrees(Provenance community, LocalDate effective) {
        return community != null && community.byCommunity()
                && (effective == null || !community.recordedAt().atZoneSameInstant(CHINA).toLocalDate().isBefore(effective));
    }

    private void status(FeedItem item, Current who, Map<String, Provenance> prov, String status, Origin origin, Outcome outcome) {
        if (status.equals(who.livingStatus())) {
            return;
        }
        Provenance community = prov.get(who.id() + "/livingStatus");
        if (disagrees(community, item.day())) {
            disagree(who, "livingStatus", who.livingStatus(), community, status + " (" + item.day() + ")",
                    new JsonObject().put("type", "STATUS").put("livingStatus", status).put("day", item.day().toString()), item, outcome);
            return;
        }
        statuses.add(new StatusChange(who.id(), status, origin));
        outcome.applied = true;
    }

    private void moveIn(FeedItem item, Current who, Map<String, Provenance> prov, Compound compound, Origin origin, Outcome outcome) {
        String address = address(compound.name(), item.building(), item.unit(), item.room());
        boolean sameHome = Objects.equals(who.compoundId(), compound.id()) && address.equals(who.address());
        if (!sameHome) {
            Provenance community = prov.get(who.id() + "/household");
            if (community == null) {
                community = prov.get(who.id() + "/address");
            }
            JsonObject change = new JsonObject().put("type", "HOUSEHOLD").put("communityId", compound.communityId())
                    .put("gridId", compound.gridId()).put("compoundId", compound.id()).put("building", item.building())
                    .put("unit", item.unit()).put("room", item.room()).put("address", address).put("day", item.day().toString());
            if (disagrees(community, item.day())) {
                disagree(who, "household", who.address(), community, address, change, item, outcome);
            } else {
                moveIns.add(item);
                households.add(new HouseholdChange(who.id(), compound.communityId(), compound.gridId(), compound.id(), -1, address, origin));
                outcome.applied = true;
            }
        }
        if ("MOVED_OUT".equals(who.livingStatus()) && !outcome.disagreed) {
            statuses.add(new StatusChange(who.id(), "LIVING", origin));
            outcome.applied = true;
        }
    }

    private void text(FeedItem item, Current who, Map<String, Provenance> prov, String field, String current, String value, Origin origin,
                      Outcome outcome, List<TextChange> into) {
        if (value.equals(current)) {
            return;
        }
        Provenance community = prov.get(who.id() + "/" + field);
        if (current != null && disagrees(community, field.equals("education") ? null : item.day())) {
            disagree(who, field, current, community, value, new JsonObject().put("type", field.toUpperCase(java.util.Locale.ROOT))
                    .put("value", value), item, outcome);
            return;
        }
        into.add(new TextChange(who.id(), value, origin));
        outcome.applied = true;
    }

    private void tag(FeedItem item, Current who, Map<String, CurrentTag> tags, String code, boolean holds, Integer level, Origin origin,
                     Outcome outcome) {
        CurrentTag current = tags.get(who.id() + "/" + code);
        if (holds && current != null && Objects.equals(current.level(), level)) {
            confirmedTags.add(current.id());
            return;
        }
        if (!holds && current == null) {
            return;
        }
        Provenance community = current == null ? null : new Provenance(current.source(), current.confirmedAt());
        if (current != null && disagrees(community, item.day())) {
            JsonObject change = new JsonObject().put("type", "TAG").put("tag", code).put("action", holds ? "GIVE" : "END")
                    .put("level", level).put("day", item.day().toString());
            disagree(who, "tag:" + code, describe(code, current.level()), community, holds ? describe(code, level) : "ended " + item.day(),
                    change, item, outcome);
            return;
        }
        if (holds) {
            gives.add(new TagGive(who.id(), code, level, null, item.day(), origin));
        } else {
            ends.add(new TagEnd(who.id(), code, item.day().minusDays(1)));
        }
        outcome.applied = true;
    }

    private static String describe(String code, Integer level) {
        return level == null ? code : code + " level " + level;
    }

    private void disagree(Current who, String field, String communityValue, Provenance community, String feedValue, JsonObject change,
                          FeedItem item, Outcome outcome) {
        disagreements.add(new Disagreement(who.id(), who.communityId(), field, communityValue, community, feedValue, change, item));
        outcome.disagreed = true;
    }

    static String address(String compound, String building, String unit, String room) {
        return compound + building + "号楼" + (unit == null || unit.isEmpty() ? "" : unit + "单元") + room + "室";
    }

    // ---------- writes ----------

    private Uni<Void> write(SqlConnection conn) {
        ValueWrites.Stamp stamp = new ValueWrites.Stamp("DEPARTMENT_FEED", ctx.now(), null, ctx.feedName());
        return insertBirths(conn, stamp)
                .chain(() -> createHouseholds(conn))
                .chain(() -> writes.household(conn, stamp, households))
                .chain(() -> writes.status(conn, stamp, statuses))
                .chain(() -> writes.phone(conn, stamp, phones))
                .chain(() -> writes.education(conn, stamp, educations))
                .chain(() -> writes.giveTagsUnconfirmed(conn, stamp, gives))
                .chain(() -> writes.endTagsUnconfirmed(conn, ends))
                .chain(() -> writes.confirmTags(conn, ctx.now(), confirmedTags.toArray(Long[]::new)))
                .chain(() -> writes.confirmRecords(conn, ctx.now(), confirmed()))
                .chain(() -> discrepancies(conn))
                .chain(() -> ledger(conn));
    }

    /**
     * The residents whose record this batch confirms without changing a column of theirs (a column
     * write confirms by itself): tags given or ended, and rows that found everything as the feed
     * says. One statement for all of them, since each update of a resident row rewrites every index
     * of the registry.
     */
    private Long[] confirmed() {
        Set<Long> ids = new java.util.LinkedHashSet<>(confirmedRecords);
        gives.forEach(g -> ids.add(g.residentId()));
        ends.forEach(e -> ids.add(e.residentId()));
        return ids.toArray(Long[]::new);
    }

    /** Households for the moves in, found or created, then set into the changes. */
    private Uni<Void> createHouseholds(SqlConnection conn) {
        if (households.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, HouseholdChange> byKey = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < households.size(); i++) {
            FeedItem item = moveIns.get(i);
            String key = households.get(i).compoundId() + "/" + item.building() + "/" + item.unit() + "/" + item.room();
            keys.add(key);
            byKey.putIfAbsent(key, households.get(i));
        }
        // Sorted: two lanes creating the same households lock them in the same order.
        List<String> distinct = new ArrayList<>(new java.util.TreeSet<>(keys));
        List<Long> compoundIds = new ArrayList<>();
        List<String> buildings = new ArrayList<>();
        List<String> units = new ArrayList<>();
        List<String> rooms = new ArrayList<>();
        for (String key : distinct) {
            String[] parts = key.split("/", -1);
            compoundIds.add(Long.parseLong(parts[0]));
            buildings.add(parts[1]);
            units.add(parts[2]);
            rooms.add(parts[3]);
        }
        return conn.preparedQuery("""
                        INSERT INTO household (compound_id, building, unit, room)
                        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[])
                        ON CONFLICT (compound_id, building, unit, room) DO UPDATE SET building = EXCLUDED.building
                        RETURNING id, compound_id, building, unit, room""")
                .execute(Tuple.of(compoundIds.toArray(Long[]::new), buildings.toArray(String[]::new), units.toArray(String[]::new),
                        rooms.toArray(String[]::new)))
                .invoke(rows -> {
                    Map<String, Long> ids = new HashMap<>();
                    rows.forEach(r -> ids.put(r.getLong("compound_id") + "/" + r.getString("building") + "/" + r.getString("unit") + "/"
                            + r.getString("room"), r.getLong("id")));
                    for (int i = 0; i < households.size(); i++) {
                        HouseholdChange h = households.get(i);
                        households.set(i, new HouseholdChange(h.residentId(), h.communityId(), h.gridId(), h.compoundId(),
                                ids.get(keys.get(i)), h.address(), h.origin()));
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> insertBirths(SqlConnection conn, ValueWrites.Stamp stamp) {
        if (births.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = births.size();
        Buffer[] ciphers = new Buffer[n];
        Buffer[] hashes = new Buffer[n];
        String[] names = new String[n];
        String[] sexes = new String[n];
        LocalDate[] born = new LocalDate[n];
        String[] phones = new String[n];
        Long[] communities = new Long[n];
        Long[] grids = new Long[n];
        Long[] compounds = new Long[n];
        Long[] homes = new Long[n];
        String[] addresses = new String[n];
        String[] relations = new String[n];
        for (int i = 0; i < n; i++) {
            FeedItem item = births.get(i).item();
            Current guardian = births.get(i).guardian();
            boolean withGuardian = guardian != null && guardian.communityId() == item.communityId();
            ciphers[i] = Buffer.buffer(cipher.encrypt(item.idNumber()));
            hashes[i] = Buffer.buffer(item.idHash());
            names[i] = item.name();
            sexes[i] = String.valueOf(ResidentIdNumber.sex(item.idNumber()));
            born[i] = item.day();
            phones[i] = item.phone();
            communities[i] = item.communityId();
            grids[i] = withGuardian ? guardian.gridId() : null;
            compounds[i] = withGuardian ? guardian.compoundId() : null;
            homes[i] = withGuardian ? guardian.householdId() : null;
            addresses[i] = withGuardian ? guardian.address() : null;
            relations[i] = withGuardian && guardian.householdId() != null ? "CHILD" : null;
        }
        return conn.preparedQuery("""
                        INSERT INTO resident (id_number_cipher, id_number_hash, name, sex, birth_date, phone, community_id, grid_id, compound_id,
                                              household_id, address, relation_to_head, living_status, source, confirmed_at, created_at, updated_at)
                        SELECT c, h, n, s, b, p, cm, g, cp, hh, a, rel, 'LIVING', 'DEPARTMENT_FEED', $13, $13, $13
                          FROM unnest($1::bytea[], $2::bytea[], $3::text[], $4::text[], $5::date[], $6::text[], $7::bigint[], $8::bigint[],
                                      $9::bigint[], $10::bigint[], $11::text[], $12::text[]) AS u(c, h, n, s, b, p, cm, g, cp, hh, a, rel)
                        ON CONFLICT (id_number_hash) DO NOTHING
                        RETURNING id, id_number_hash""")
                .execute(Tuple.from(new Object[] {ciphers, hashes, names, sexes, born, phones, communities, grids, compounds, homes,
                    addresses, relations, ctx.now()}))
                .chain(rows -> {
                    Map<String, Long> created = new HashMap<>();
                    rows.forEach(r -> created.put(java.util.HexFormat.of().formatHex(r.getBuffer("id_number_hash").getBytes()), r.getLong("id")));
                    List<Long> ids = new ArrayList<>();
                    List<String> fields = new ArrayList<>();
                    List<String> recordIds = new ArrayList<>();
                    List<String> versions = new ArrayList<>();
                    for (Birth birth : births) {
                        FeedItem item = birth.item();
                        Long id = created.get(item.residentKey());
                        if (id == null) {
                            errors.add(new RowError(item.row(), item.recordId(), "id_number",
                                    "duplicate ID number: a resident with this ID number is already registered"));
                            continue;
                        }
                        ledgerResident.put(item, id);
                        ledgerOutcome.put(item, "APPLIED");
                        List<String> own = new ArrayList<>(List.of("name", "sex", "birthDate", "livingStatus"));
                        if (item.phone() != null) {
                            own.add("phone");
                        }
                        for (String field : own) {
                            ids.add(id);
                            fields.add(field);
                            recordIds.add(item.recordId());
                            versions.add(Long.toString(item.version()));
                        }
                    }
                    return conn.preparedQuery("""
                                    INSERT INTO resident_value (resident_id, field, source, recorded_at, feed_name, feed_record_id, feed_version)
                                    SELECT u.id, u.field, 'DEPARTMENT_FEED', $5, $6, u.record_id, u.version
                                      FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS u(id, field, record_id, version)""")
                            .execute(Tuple.from(new Object[] {ids.toArray(Long[]::new), fields.toArray(String[]::new),
                                recordIds.toArray(String[]::new), versions.toArray(String[]::new), ctx.now(), stamp.feedName()}))
                            .replaceWithVoid();
                });
    }

    private Uni<Void> discrepancies(SqlConnection conn) {
        if (disagreements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Disagreement> d = disagreements;
        return conn.preparedQuery("""
                        INSERT INTO resident_discrepancy (resident_id, community_id, field, community_value, community_source, community_recorded_at,
                                                          feed_value, feed_change, source, feed, feed_record_id, feed_version, upload_id, created_at)
                        SELECT u.resident_id, u.community_id, u.field, u.community_value, u.community_source, u.community_recorded_at,
                               u.feed_value, u.feed_change::jsonb, $10, $11, u.record_id, u.version, $12, $13
                          FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[],
                                      $9::text[], $14::bigint[])
                               AS u(resident_id, community_id, field, community_value, community_source, community_recorded_at, feed_value,
                                    feed_change, record_id, version)
                        ON CONFLICT (resident_id, field) WHERE status = 'OPEN' DO UPDATE
                           SET feed_value = EXCLUDED.feed_value, feed_change = EXCLUDED.feed_change, source = EXCLUDED.source,
                               feed = EXCLUDED.feed, feed_record_id = EXCLUDED.feed_record_id, feed_version = EXCLUDED.feed_version,
                               upload_id = EXCLUDED.upload_id, community_value = EXCLUDED.community_value,
                               community_source = EXCLUDED.community_source, community_recorded_at = EXCLUDED.community_recorded_at,
                               version = resident_discrepancy.version + 1""")
                .execute(Tuple.from(new Object[] {
                    d.stream().map(Disagreement::residentId).toArray(Long[]::new),
                    d.stream().map(Disagreement::communityId).toArray(Long[]::new),
                    d.stream().map(Disagreement::field).toArray(String[]::new),
                    d.stream().map(Disagreement::communityValue).toArray(String[]::new),
                    d.stream().map(x -> x.community().source()).toArray(String[]::new),
                    d.stream().map(x -> x.community().recordedAt()).toArray(OffsetDateTime[]::new),
                    d.stream().map(Disagreement::feedValue).toArray(String[]::new),
                    d.stream().map(x -> x.change().encode()).toArray(String[]::new),
                    d.stream().map(x -> x.item().recordId()).toArray(String[]::new),
                    ctx.source(), ctx.kind().name(), ctx.uploadId(), ctx.now(),
                    d.stream().map(x -> x.item().version()).toArray(Long[]::new)}))
                .replaceWithVoid();
    }

    private Uni<Void> ledger(SqlConnection conn) {
        if (ledgerOutcome.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<FeedItem> items = new ArrayList<>(ledgerOutcome.keySet());
        // The batch read the ledger first, so a key already taken means a concurrent writer: the
        // batch rolls back and is decided again (FeedIngestion), never applied twice.
        return conn.preparedQuery("""
                        WITH added AS (
                            INSERT INTO feed_record (source, feed, record_id, version, upload_id, resident_id, outcome, applied_at)
                            SELECT $1, $2, u.record_id, u.version, $3, u.resident_id, u.outcome, $8
                              FROM unnest($4::text[], $5::bigint[], $6::bigint[], $7::text[]) AS u(record_id, version, resident_id, outcome)
                            ON CONFLICT DO NOTHING
                            RETURNING 1)
                        SELECT count(*) FROM added""")
                .execute(Tuple.from(new Object[] {ctx.source(), ctx.kind().name(), ctx.uploadId(),
                    items.stream().map(FeedItem::recordId).toArray(String[]::new),
                    items.stream().map(FeedItem::version).toArray(Long[]::new),
                    items.stream().map(ledgerResident::get).toArray(Long[]::new),
                    items.stream().map(ledgerOutcome::get).toArray(String[]::new), ctx.now()}))
                .map(rows -> rows.iterator().next().getLong(0))
                .invoke(added -> {
                    if (added < items.size()) {
                        throw new LedgerTaken(items.size() - added.intValue());
                    }
                })
                .replaceWithVoid();
    }
}
