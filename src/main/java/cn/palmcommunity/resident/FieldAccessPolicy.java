package cn.palmcommunity.resident;

import cn.palmcommunity.security.DataScope;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Decides {@link FieldAccess} for the caller: the department field map, and who sees whole phones. */
@ApplicationScoped
public class FieldAccessPolicy {

    private final Pool pool;
    private final Set<String> fullPhoneRoles;

    public FieldAccessPolicy(Pool pool, @ConfigProperty(name = "palm.resident.full-phone-roles") List<String> fullPhoneRoles) {
        this.pool = pool;
        this.fullPhoneRoles = Set.copyOf(fullPhoneRoles);
    }

    public Uni<FieldAccess> forCaller(DataScope scope) {
        Role role = scope.role();
        boolean fullPhone = fullPhoneRoles.contains(role.name());
        if (role != Role.DEPARTMENT_STAFF) {
            return Uni.createFrom().item(FieldAccess.everything(fullPhone));
        }
        String department = scope.department().orElse("");
        return pool.preparedQuery("SELECT field FROM department_field WHERE department = $1")
                .execute(Tuple.of(department))
                .map(rows -> {
                    Set<String> fields = new HashSet<>();
                    Set<String> tags = new HashSet<>();
                    for (Row row : rows) {
                        String field = row.getString(0);
                        if (field.startsWith("tag:")) {
                            tags.add(field.substring(4));
                        } else {
                            fields.add(field);
                        }
                    }
                    return new FieldAccess(fields.contains("phone"), fields.contains("address"), fields.contains("household"),
                            Set.copyOf(tags), fullPhone);
                });
    }
}
