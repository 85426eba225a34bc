package cn.palmcommunity.resident.feed;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * What a death record stops, in the transaction that records the death: the person's open
 * volunteer invitations and bookings of tasks not yet over (their places are freed), WeChat
 * messages still waiting to be sent to their mini-program account (given up), and the account
 * itself (disabled, its refresh tokens revoked, so no one signs in as them). Eligibility leads are
 * closed by the eligibility sweep itself, which reads the living status.
 */
@ApplicationScoped
public class Deaths {

    private static final Logger LOG = Logger.getLogger(Deaths.class);

    public Uni<Void> stopEverything(SqlConnection conn, Long[] residentIds, OffsetDateTime at) {
        return conn.preparedQuery("""
                        WITH accounts AS (
                            SELECT id FROM account WHERE resident_id = ANY($1)),
                        cancelled AS (
                            UPDATE volunteer_booking b
                               SET status = CASE WHEN b.status = 'INVITED' THEN 'EXPIRED' ELSE 'DECLINED' END, answered_at = $2
                              FROM volunteer_task t, volunteer v
                             WHERE t.id = b.task_id AND v.id = b.volunteer_id AND v.account_id IN (SELECT id FROM accounts)
                               AND b.status IN ('INVITED', 'ACCEPTED') AND t.status = 'OPEN' AND t.ends_at > $2
                            RETURNING b.task_id),
                        freed AS (
                            UPDATE volunteer_task t SET booked = t.booked - c.places
                              FROM (SELECT task_id, count(*)::int AS places FROM cancelled GROUP BY task_id) c
                             WHERE t.id = c.task_id
                            RETURNING t.id),
                        given_up AS (
                            UPDATE notification_delivery d SET status = 'GAVE_UP', last_error = 'the recipient has died'
                              FROM notification n
                             WHERE n.id = d.notification_id AND d.status = 'PENDING' AND n.account_id IN (SELECT id FROM accounts)
                            RETURNING d.id),
                        disabled AS (
                            UPDATE account SET enabled = false, version = version + 1
                             WHERE id IN (SELECT id FROM accounts) AND role = 'RESIDENT' AND enabled
                            RETURNING id),
                        revoked AS (
                            UPDATE refresh_token SET revoked_at = $2
                             WHERE account_id IN (SELECT id FROM accounts) AND revoked_at IS NULL
                            RETURNING id)
                        SELECT (SELECT count(*) FROM cancelled), (SELECT count(*) FROM freed), (SELECT count(*) FROM given_up),
                               (SELECT count(*) FROM disabled), (SELECT count(*) FROM revoked)""")
                .execute(Tuple.of(residentIds, at))
                .invoke(rows -> {
                    var r = rows.iterator().next();
                    if (r.getLong(0) + r.getLong(2) + r.getLong(3) > 0) {
                        LOG.infof("Deaths of %d residents: %d bookings cancelled on %d tasks, %d messages given up, %d accounts disabled",
                                residentIds.length, r.getLong(0), r.getLong(1), r.getLong(2), r.getLong(3));
                    }
                })
                .replaceWithVoid();
    }
}
