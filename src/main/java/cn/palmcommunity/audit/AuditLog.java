package cn.palmcommunity.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The PIPL access log. Writers pass the connection of their own transaction, so a record is
 * returned only if its access was logged, and a failed log write returns nothing.
 */
@ApplicationScoped
public class AuditLog {

    public Uni<Void> record(SqlClient connection, AuditEntry entry) {
        return connection.preparedQuery("""
                INSERT INTO audit_log (actor_id, actor_role, action, subject_type, subject_id, community_id, purpose, client_ip)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(new Object[] {entry.actorId(), entry.actorRole(), entry.action(), entry.subjectType(),
                    entry.subjectId(), entry.communityId(), entry.purpose(), entry.clientIp()}))
                .replaceWithVoid();
    }
}
