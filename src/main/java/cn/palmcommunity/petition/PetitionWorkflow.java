package cn.palmcommunity.petition;

import cn.palmcommunity.account.Department;
import cn.palmcommunity.calendar.WorkingCalendar;
import cn.palmcommunity.error.Problem;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.petition.PetitionCategories.Category;
import cn.palmcommunity.photo.CleanPhoto;
import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The petition loop: accept (受理), dispatch (派单), start, resolve, return visit (回访), close; reject,
 * merge, reopen, extend; urge (催办) and supervise (督办). Each change is one transaction: the row is
 * updated only if its version is still the one the caller saw (two workers at once: one wins, the
 * other gets 409), the transition is checked against {@link PetitionAction}, and an event is
 * written with it.
 */
@ApplicationScoped
public class PetitionWorkflow {

    /** Roles that may urge: any level above the community's handling. */
    static final Set<Role> URGERS = EnumSet.of(Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF, Role.STREET_STAFF, Role.COMMUNITY_WORKER);
    static final Set<Role> SUPERVISORS = EnumSet.of(Role.DISTRICT_ADMIN, Role.DISTRICT_STAFF, Role.STREET_STAFF);

    private final Pool pool;
    private final PetitionReader reader;
    private final PetitionEvents events;
    private final PetitionCategories categories;
    private final WorkingCalendar calendar;
    private final PetitionNotices notices;
    private final PetitionPhotos photoLinks;

    public PetitionWorkflow(Pool pool, PetitionReader reader, PetitionEvents events, PetitionCategories categories,
                            WorkingCalendar calendar, PetitionNotices notices, PetitionPhotos photoLinks) {
        this.photoLinks = photoLinks;
        this.pool = pool;
        this.reader = reader;
        this.events = events;
        this.categories = categories;
        this.calendar = calendar;
        this.notices = notices;
    }

    public Uni<PetitionViews.Petition> accept(long id, PetitionCommands.Accept cmd, DataScope scope) {
        return change(id, cmd.version(), PetitionAction.ACCEPT, scope, cmd.note(), (current, category) -> new Update()
                .set("accepted_at = now()").set("handler_id = $?", scope.accountId())
                .set("resolve_due_at = $?", dueAfterWorkingDays(category.resolveWithinWorkingDays()))
                .set("overdue_since = NULL"));
    }

    public Uni<PetitionViews.Petition> dispatch(long id, PetitionCommands.Dispatch cmd, DataScope scope) {
        if (cmd.dueAt() != null && !cmd.dueAt().isAfter(OffsetDateTime.now())) {
            throw ProblemException.invalidField("dueAt", "must be in the future");
        }
        return changeAsync(id, cmd.version(), PetitionAction.DISPATCH, scope, cmd.note(), (current, category) -> {
            Update update = new Update().set("dispatch_target_type = $?", cmd.targetType().name())
                    .set("dispatch_target = $?", cmd.target().strip()).set("dispatched_at = now()");
            if (cmd.dueAt() != null) {
                update.set("resolve_due_at = $?", cmd.dueAt());
            }
            return switch (cmd.targetType()) {
                case GRID -> gridOf(current, cmd.target()).map(grid -> update.set("grid_id = $?", grid));
                case DEPARTMENT -> {
                    if (!isDepartment(cmd.target())) {
                        throw ProblemException.invalidField("target", "must be one of " + List.of(Department.values()));
                    }
                    yield Uni.createFrom().item(update);
                }
                case PROPERTY_COMPANY -> Uni.createFrom().item(update);
            };
        }, conn -> Uni.createFrom().voidItem());
    }

    public Uni<PetitionViews.Petition> start(long id, PetitionCommands.Start cmd, DataScope scope) {
        return change(id, cmd.version(), PetitionAction.START, scope, cmd.note(), (current, category) -> new Update());
    }

    public Uni<PetitionViews.Petition> resolve(long id, PetitionCommands.Resolve cmd, DataScope scope) {
        return resolve(id, cmd, List.of(), scope);
    }

    /** Resolve with photos of the result, stored in the same transaction. */
    public Uni<PetitionViews.Petition> resolve(long id, PetitionCommands.Resolve cmd, List<CleanPhoto> photos, DataScope scope) {
        return changeAsync(id, cmd.version(), PetitionAction.RESOLVE, scope, null, (current, category) -> Uni.createFrom().item(new Update()
                .set("resolved_at = now()").set("result_text = $?", cmd.resultText().strip())
                .set("visit_due_at = now() + make_interval(days => $?)", category.visitWithinDays())
                .set("overdue_since = NULL")),
                conn -> photoLinks.attach(conn, id, PetitionPhotos.Kind.RESULT, photos, scope.accountId()));
    }

    /** A worker's return visit by phone, with the rating the resident gave on the phone. */
    public Uni<PetitionViews.Petition> phoneVisit(long id, PetitionCommands.PhoneVisit cmd, DataScope scope) {
        return change(id, cmd.version(), PetitionAction.VISIT, scope, cmd.comment(), (current, category) -> new Update()
                .set("rating = $?", cmd.rating().shortValue()).set("rating_comment = $?", cmd.comment())
                .set("visit_kind = 'PHONE_VISIT'").set("visited_at = now()"));
    }

    public Uni<PetitionViews.Petition> close(long id, PetitionCommands.Close cmd, DataScope scope) {
        return change(id, cmd.version(), PetitionAction.CLOSE, scope, cmd.note(), (current, category) -> new Update().set("closed_at = now()"));
    }

    public Uni<PetitionViews.Petition> reject(long id, PetitionCommands.Reject cmd, DataScope scope) {
        return change(id, cmd.version(), PetitionAction.REJECT, scope, cmd.reason(), (current, category) -> new Update()
                .set("reject_reason = $?", cmd.reason().strip()).set("closed_at = now()").set("overdue_since = NULL"));
    }

    public Uni<PetitionViews.Petition> extend(long id, PetitionCommands.Extend cmd, DataScope scope) {
        return change(id, cmd.version(), PetitionAction.EXTEND, scope, cmd.reason(), (current, category) -> {
            if (current.getString("extension_reason") != null) {
                throw ProblemException.conflict("already-extended", "The limit of petition " + id + " was extended once already");
            }
            if (cmd.workingDays() > category.maxExtensionWorkingDays()) {
                throw ProblemException.invalidField("workingDays", "at most " + category.maxExtensionWorkingDays() + " for this category");
            }
            OffsetDateTime due = current.getOffsetDateTime("resolve_due_at");
            Instant from = due == null ? Instant.now() : due.toInstant();
            return new Update().set("extension_reason = $?", cmd.reason().strip())
                    .set("resolve_due_at = $?", calendar.addWorkingDays(from, cmd.workingDays()).atOffset(ZoneOffset.UTC))
                    .set("overdue_since = NULL");
        });
    }

    /**
     * Merges a duplicate into another open petition of the caller's scope: this one's reporter and
     * co-signers follow the other from now on, and are told.
     */
    public Uni<PetitionViews.Petition> merge(long id, PetitionCommands.Merge cmd, DataScope scope) {
        if (cmd.intoId() == id) {
            throw ProblemException.invalidField("intoId", "cannot merge a petition into itself");
        }
        return changeAsync(id, cmd.version(), PetitionAction.MERGE, scope, cmd.note(), (current, category) -> Uni.createFrom().item(new Update()
                .set("merged_into = $?", cmd.intoId()).set("closed_at = now()").set("overdue_since = NULL")), conn -> conn
                .preparedQuery("SELECT status, community_id FROM petition WHERE id = $1 FOR UPDATE").execute(Tuple.of(cmd.intoId()))
                .onItem().transformToUni(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.invalidField("intoId", "no such petition");
                    }
                    Row target = rows.iterator().next();
                    if (!scope.covers(target.getLong("community_id"))) {
                        throw ProblemException.invalidField("intoId", "is outside your data scope");
                    }
                    if (!PetitionStatus.valueOf(target.getString("status")).isOpen()) {
                        throw ProblemException.invalidField("intoId", "is no longer open");
                    }
                    return conn.preparedQuery("""
                                    INSERT INTO petition_cosigner (petition_id, account_id, via_merge_of)
                                    SELECT $2, account_id, $1 FROM (
                                        SELECT reporter_id AS account_id FROM petition WHERE id = $1 AND reporter_id IS NOT NULL
                                        UNION SELECT account_id FROM petition_cosigner WHERE petition_id = $1) followers
                                     WHERE account_id <> coalesce((SELECT reporter_id FROM petition WHERE id = $2), -1)
                                    ON CONFLICT DO NOTHING""")
                            .execute(Tuple.of(id, cmd.intoId()))
                            .onItem().transformToUni(ignored -> events.record(conn, cmd.intoId(), scope.accountId(), scope.role().name(),
                                    PetitionAction.COSIGN, null, null, "merged from petition " + id, false));
                }));
    }

    /** 催办: a nudge from above. It does not change the handling, so it needs no version. */
    public Uni<PetitionViews.Petition> urge(long id, PetitionCommands.Urge cmd, DataScope scope) {
        if (!URGERS.contains(scope.role())) {
            throw ProblemException.forbidden("Only street, district and community staff may urge");
        }
        return nudge(id, PetitionAction.URGE, scope, cmd.note(), "urge_count = urge_count + 1, last_urged_at = now()");
    }

    /** 督办: the petition is put under supervision by the street or the district. */
    public Uni<PetitionViews.Petition> supervise(long id, PetitionCommands.Urge cmd, DataScope scope) {
        if (!SUPERVISORS.contains(scope.role())) {
            throw ProblemException.forbidden("Only street and district staff may supervise");
        }
        return nudge(id, PetitionAction.SUPERVISE, scope, cmd.note(), "supervised = true");
    }

    /** The reporter's rating (回访): 1-5 with a comment. */
    public Uni<PetitionViews.MyPetition> rate(long id, PetitionCommands.Rating cmd, DataScope scope) {
        return residentChange(id, PetitionAction.VISIT, scope, cmd.comment(), (current, category) -> new Update()
                .set("rating = $?", cmd.rating().shortValue()).set("rating_comment = $?", cmd.comment())
                .set("visit_kind = 'RESIDENT_RATING'").set("visited_at = now()"));
    }

    /** Not solved: the reporter reopens within seven days of the resolution. */
    public Uni<PetitionViews.MyPetition> reopen(long id, PetitionCommands.Reopen cmd, DataScope scope) {
        return residentChange(id, PetitionAction.REOPEN, scope, cmd.reason(), (current, category) -> {
            OffsetDateTime resolved = current.getOffsetDateTime("resolved_at");
            if (resolved == null || resolved.plus(PetitionReader.REOPEN_WINDOW).isBefore(OffsetDateTime.now())) {
                throw ProblemException.conflict("reopen-window-closed", "A petition can be reopened within 7 days of its resolution");
            }
            return new Update().set("reopen_count = reopen_count + 1").set("rating = NULL").set("rating_comment = NULL")
                    .set("visit_kind = NULL").set("visited_at = NULL").set("closed_at = NULL")
                    .set("resolve_due_at = $?", dueAfterWorkingDays(category.resolveWithinWorkingDays()));
        });
    }

    // ----- the machinery -----

    /** What an action sets besides status and version, given the current row and its category's limits. */
    @FunctionalInterface
    interface Mutation {
        Update apply(Row current, Category category);
    }

    /** The same, when working it out needs the database. */
    @FunctionalInterface
    interface AsyncMutation {
        Uni<Update> apply(Row current, Category category);
    }

    private Uni<PetitionViews.Petition> change(long id, Integer version, PetitionAction action, DataScope scope, String note,
                                               Mutation mutation) {
        return changeAsync(id, version, action, scope, note, (row, category) -> Uni.createFrom().item(mutation.apply(row, category)),
                conn -> Uni.createFrom().voidItem());
    }

    private Uni<PetitionViews.Petition> changeAsync(long id, Integer version, PetitionAction action, DataScope scope, String note,
                                                    AsyncMutation mutation, java.util.function.Function<SqlConnection, Uni<Void>> alsoDo) {
        return pool.withTransaction(conn -> load(conn, id).onItem().transformToUni(current -> {
                    requireStaffAccess(current, scope, action);
                    return apply(conn, current, version, action, scope, note, mutation)
                            .onItem().transformToUni(ignored -> alsoDo.apply(conn));
                }))
                .onItem().transformToUni(ignored -> staffView(id));
    }

    private Uni<PetitionViews.MyPetition> residentChange(long id, PetitionAction action, DataScope scope, String note, Mutation sync) {
        AsyncMutation mutation = (row, category) -> Uni.createFrom().item(sync.apply(row, category));
        long account = scope.accountId();
        return pool.withTransaction(conn -> load(conn, id).onItem().transformToUni(current -> {
                    Long reporter = current.getLong("reporter_id");
                    if (reporter == null || reporter != account) {
                        throw ProblemException.notFound("Petition", id);
                    }
                    return apply(conn, current, current.getInteger("version"), action, scope, note, mutation);
                }))
                .onItem().transformToUni(ignored -> pool.withConnection(conn -> reader.row(conn, id)
                        .onItem().transformToUni(row -> reader.timeline(conn, id, false)
                                .map(t -> PetitionReader.residentView(row, account, t)))));
    }

    private Uni<Void> apply(SqlConnection conn, Row current, Integer version, PetitionAction action, DataScope scope, String note,
                            AsyncMutation mutation) {
        long id = current.getLong("id");
        PetitionStatus from = PetitionStatus.valueOf(current.getString("status"));
        if (!action.allowedFrom(from)) {
            throw illegal(id, action, from);
        }
        PetitionStatus to = action.next(from);
        return categories.active(conn, current.getString("category_code"), "categoryCode")
                .onFailure(ProblemException.class).recoverWithUni(() -> categoryEvenIfRetired(conn, current.getString("category_code")))
                .onItem().transformToUni(category -> mutation.apply(current, category))
                .onItem().transformToUni(update -> {
                    update.set("status = $?", to.name()).set("updated_at = now()").set("version = version + 1");
                    List<Object> params = new ArrayList<>(update.values);
                    params.add(id);
                    params.add(version);
                    String sql = "UPDATE petition SET " + update.sql() + " WHERE id = $" + (params.size() - 1)
                            + " AND version = $" + params.size();
                    return conn.preparedQuery(sql).execute(Tuple.from(params));
                })
                .onItem().transformToUni(rows -> {
                    if (rows.rowCount() == 0) {
                        throw new ProblemException(Problem.of(409, "concurrent-update", "Changed by someone else",
                                "Petition " + id + " changed since you loaded it (version " + version + "); reload and try again"));
                    }
                    return events.record(conn, id, scope.accountId(), scope.role().name(), action, from, to, note, false);
                })
                .onItem().transformToUni(ignored -> from == to ? Uni.createFrom().voidItem()
                        : notices.statusChanged(conn, id, to));
    }

    private Uni<PetitionViews.Petition> nudge(long id, PetitionAction action, DataScope scope, String note, String set) {
        return pool.withTransaction(conn -> load(conn, id).onItem().transformToUni(current -> {
                    requireStaffAccess(current, scope, action);
                    PetitionStatus status = PetitionStatus.valueOf(current.getString("status"));
                    if (!action.allowedFrom(status)) {
                        throw illegal(id, action, status);
                    }
                    return conn.preparedQuery("UPDATE petition SET " + set + ", updated_at = now() WHERE id = $1").execute(Tuple.of(id))
                            .onItem().transformToUni(ignored -> events.record(conn, id, scope.accountId(), scope.role().name(),
                                    action, status, status, note, false))
                            .onItem().transformToUni(ignored -> notices.nudged(conn, id, action));
                }))
                .onItem().transformToUni(ignored -> staffView(id));
    }

    public Uni<PetitionViews.Petition> staffView(long id) {
        return pool.withConnection(conn -> reader.row(conn, id)
                .onItem().transformToUni(row -> reader.timeline(conn, id, true).map(t -> PetitionReader.staffView(row, t))));
    }

    /** A staff member's view of one petition, if it lies in their scope. */
    public Uni<PetitionViews.Petition> view(long id, DataScope scope) {
        return pool.withConnection(conn -> load(conn, id).onItem().transformToUni(current -> {
            requireStaffAccess(current, scope, null);
            return reader.timeline(conn, id, true).map(t -> PetitionReader.staffView(current, t));
        }));
    }

    private Uni<Row> load(SqlConnection conn, long id) {
        return reader.row(conn, id).map(row -> {
            if (row == null) {
                throw ProblemException.notFound("Petition", id);
            }
            return row;
        });
    }

    /**
     * Staff act inside their scope; grid workers on their grids' petitions; department staff only on
     * what was dispatched to their department, and only to start or resolve it.
     */
    static void requireStaffAccess(Row petition, DataScope scope, PetitionAction action) {
        long id = petition.getLong("id");
        if (scope.role() == Role.DEPARTMENT_STAFF) {
            boolean mine = "DEPARTMENT".equals(petition.getString("dispatch_target_type"))
                    && scope.department().map(d -> d.equals(petition.getString("dispatch_target"))).orElse(false);
            boolean allowed = action == null || action == PetitionAction.START || action == PetitionAction.RESOLVE;
            if (!mine || !allowed) {
                throw ProblemException.forbidden("Petition " + id + " was not dispatched to your department");
            }
            return;
        }
        if (!scope.covers(petition.getLong("community_id")) || !scope.coversGrid(petition.getLong("grid_id"))) {
            throw ProblemException.forbidden("Petition " + id + " is outside your data scope");
        }
    }

    private Uni<Long> gridOf(Row petition, String target) {
        long grid;
        try {
            grid = Long.parseLong(target.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("target", "must be a grid id for GRID");
        }
        return pool.preparedQuery("SELECT 1 FROM grid WHERE id = $1 AND community_id = $2")
                .execute(Tuple.of(grid, petition.getLong("community_id")))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.invalidField("target", "is not a grid of the petition's community");
                    }
                    return grid;
                });
    }

    private Uni<Category> categoryEvenIfRetired(SqlConnection conn, String code) {
        return conn.preparedQuery("SELECT * FROM petition_category WHERE code = $1").execute(Tuple.of(code))
                .map(rows -> Category.of(rows.iterator().next()));
    }

    private OffsetDateTime dueAfterWorkingDays(int days) {
        return calendar.addWorkingDays(Instant.now(), days).atOffset(ZoneOffset.UTC);
    }

    private static boolean isDepartment(String target) {
        try {
            Department.valueOf(target.strip());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ProblemException illegal(long id, PetitionAction action, PetitionStatus from) {
        return ProblemException.conflict("illegal-transition", "Cannot " + action.verb() + " petition " + id + ": it is " + from);
    }

    /** The SET clause of an update, with numbered parameters filled in order. */
    static final class Update {
        private final List<String> assignments = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        Update set(String assignment, Object... args) {
            String numbered = assignment;
            for (Object arg : args) {
                values.add(arg);
                numbered = numbered.replaceFirst("\\$\\?", "\\$" + values.size());
            }
            assignments.add(numbered);
            return this;
        }

        String sql() {
            return String.join(", ", assignments);
        }
    }
}
