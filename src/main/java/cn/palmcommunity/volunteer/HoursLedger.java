package cn.palmcommunity.volunteer;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The time bank: service hours per person. The table refuses UPDATE and DELETE (trigger), so the
 * balance is always the sum of what was recorded; a correction is a new entry with a reason.
 */
@ApplicationScoped
public class HoursLedger {

    private final Pool pool;
    private final Volunteers volunteers;
    private final Clock clock;

    public HoursLedger(Pool pool, Volunteers volunteers, Clock clock) {
        this.pool = pool;
        this.volunteers = volunteers;
        this.clock = clock;
    }

    public Uni<VolunteerViews.Ledger> ofVolunteer(long volunteerId, DataScope scope) {
        return pool.withConnection(conn -> volunteers.requireVisible(conn, volunteerId, scope).chain(c -> ledger(conn, volunteerId)));
    }

    public Uni<VolunteerViews.Ledger> mine(DataScope scope) {
        return pool.withConnection(conn -> volunteers.ownId(conn, scope).chain(id -> ledger(conn, id)));
    }

    public Uni<VolunteerViews.LedgerEntry> correct(long volunteerId, VolunteerCommands.Correction correction, DataScope scope) {
        if (correction.minutes() == 0) {
            throw ProblemException.invalidField("minutes", "must not be 0");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ChinaTime.CHINA);
        return pool.withTransaction(conn -> volunteers.requireVisible(conn, volunteerId, scope)
                .chain(c -> correction.correctsEntryId() == null ? Uni.createFrom().item((LocalDate) null)
                        : conn.preparedQuery("SELECT served_on FROM service_hours_entry WHERE id = $1 AND volunteer_id = $2")
                                .execute(Tuple.of(correction.correctsEntryId(), volunteerId))
                                .map(rows -> {
                                    if (rows.size() == 0) {
                                        throw ProblemException.invalidField("correctsEntryId",
                                                "no entry " + correction.correctsEntryId() + " in this person's ledger");
                                    }
                                    return rows.iterator().next().getLocalDate(0);
                                }))
                .chain(correctedDay -> {
                    LocalDate servedOn = correction.servedOn() != null ? correction.servedOn() : correctedDay != null ? correctedDay : today;
                    return conn.preparedQuery("""
                                    WITH added AS (
                                        INSERT INTO service_hours_entry (volunteer_id, kind, minutes, corrects_entry_id, reason, served_on, recorded_by)
                                        VALUES ($1, 'CORRECTION', $2, $3, $4, $5, $6) RETURNING *)
                                    SELECT a.*, t.title FROM added a LEFT JOIN volunteer_task t ON t.id = a.task_id""")
                            .execute(Tuple.from(new Object[] {volunteerId, correction.minutes(), correction.correctsEntryId(),
                                correction.reason().strip(), servedOn, scope.accountId()}));
                })
                .map(rows -> entry(rows.iterator().next())));
    }

    private static Uni<VolunteerViews.Ledger> ledger(SqlClient conn, long volunteerId) {
        return conn.preparedQuery("""
                        SELECT e.*, t.title, v.name FROM volunteer v
                          LEFT JOIN service_hours_entry e ON e.volunteer_id = v.id
                          LEFT JOIN volunteer_task t ON t.id = e.task_id
                         WHERE v.id = $1 ORDER BY e.served_on, e.id""")
                .execute(Tuple.of(volunteerId))
                .map(rows -> {
                    List<VolunteerViews.LedgerEntry> entries = new ArrayList<>();
                    String name = null;
                    long balance = 0;
                    for (Row r : rows) {
                        name = r.getString("name");
                        if (r.getLong("id") != null) {
                            VolunteerViews.LedgerEntry e = entry(r);
                            entries.add(e);
                            balance += e.minutes();
                        }
                    }
                    return new VolunteerViews.Ledger(volunteerId, name, balance, Math.round(balance / 6.0) / 10.0, entries);
                });
    }

    private static VolunteerViews.LedgerEntry entry(Row r) {
        return new VolunteerViews.LedgerEntry(r.getLong("id"), r.getString("kind"), r.getInteger("minutes"), r.getLong("task_id"),
                r.getString("title"), r.getLong("corrects_entry_id"), r.getString("reason"), r.getLocalDate("served_on"),
                r.getOffsetDateTime("recorded_at").withOffsetSameInstant(ZoneOffset.ofHours(8)));
    }

    /** A printable certificate of service hours (志愿服务时长证明): plain HTML, print CSS, no scripts. */
    public Uni<String> certificate(long volunteerId, DataScope scope) {
        return ofVolunteer(volunteerId, scope).map(l -> certificateHtml(l, LocalDate.ofInstant(clock.instant(), ChinaTime.CHINA)));
    }

    public Uni<String> myCertificate(DataScope scope) {
        return mine(scope).map(l -> certificateHtml(l, LocalDate.ofInstant(clock.instant(), ChinaTime.CHINA)));
    }

    static String certificateHtml(VolunteerViews.Ledger ledger, LocalDate issuedOn) {
        StringBuilder rows = new StringBuilder();
        for (VolunteerViews.LedgerEntry e : ledger.entries()) {
            String what = "SERVICE".equals(e.kind()) ? escape(e.taskTitle() == null ? "志愿服务" : e.taskTitle())
                    : "更正：" + escape(e.reason());
            rows.append("<tr><td>").append(e.servedOn()).append("</td><td>").append(what).append("</td><td class=\"n\">")
                    .append(hours(e.minutes())).append("</td></tr>\n");
        }
        return """
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>志愿服务时长证明 — %1$s</title>
                <style>
                  body { font-family: "Noto Serif CJK SC", "Songti SC", serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #000; }
                  h1 { text-align: center; letter-spacing: .3em; }
                  table { width: 100%%; border-collapse: collapse; margin: 1rem 0; }
                  th, td { border: 1px solid #444; padding: .3rem .5rem; text-align: left; }
                  td.n, th.n { text-align: right; }
                  .total { font-size: 1.2rem; font-weight: bold; }
                  .issued { margin-top: 3rem; text-align: right; }
                  @media print { body { margin: 0; max-width: none; } @page { size: A4; margin: 2cm; } }
                </style>
                </head>
                <body>
                <h1>志愿服务时长证明</h1>
                <p>兹证明 <strong>%1$s</strong>（志愿者编号 %2$d）参加志愿服务，累计服务时长：</p>
                <p class="total">%3$s 小时</p>
                <table>
                <thead><tr><th>日期</th><th>服务内容</th><th class="n">小时</th></tr></thead>
                <tbody>
                %4$s</tbody>
                </table>
                <p class="issued">市北区掌上社区平台<br>出具日期：%5$s</p>
                </body>
                </html>
                """.formatted(escape(ledger.name()), ledger.volunteerId(), hours(ledger.balanceMinutes()), rows, issuedOn);
    }

    private static String hours(long minutes) {
        return String.format(java.util.Locale.ROOT, "%.1f", minutes / 60.0);
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
