package db.migration;

import cn.palmcommunity.resident.IdNumberCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Replaces the clear {@code resident.id_number} by an AES-GCM ciphertext and an HMAC lookup hash
 * (see {@link IdNumberCipher}). Existing rows are converted in batches inside the migration's
 * transaction before the clear column is dropped, so nothing is lost and nothing half-converted
 * survives a failure. Java, not SQL, because the key lives in configuration, not in the database.
 */
public class V14__EncryptResidentIdNumbers extends BaseJavaMigration {

    private static final int BATCH = 5000;

    @Override
    public void migrate(Context context) throws Exception {
        IdNumberCipher cipher = new IdNumberCipher(
                ConfigProvider.getConfig().getValue("palm.resident.id-key", String.class));
        Connection conn = context.getConnection();
        try (Statement ddl = conn.createStatement()) {
            ddl.execute("ALTER TABLE resident ADD COLUMN id_number_cipher bytea, ADD COLUMN id_number_hash bytea");
        }
        long lastId = 0;
        try (PreparedStatement read = conn.prepareStatement(
                     "SELECT id, id_number FROM resident WHERE id > ? ORDER BY id LIMIT " + BATCH);
             PreparedStatement write = conn.prepareStatement(
                     "UPDATE resident SET id_number_cipher = ?, id_number_hash = ? WHERE id = ?")) {
            while (true) {
                read.setLong(1, lastId);
                int n = 0;
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        lastId = rows.getLong(1);
                        String number = rows.getString(2);
                        write.setBytes(1, cipher.encrypt(number));
                        write.setBytes(2, cipher.lookupHash(number));
                        write.setLong(3, lastId);
                        write.addBatch();
                        n++;
                    }
                }
                if (n == 0) {
                    break;
                }
                write.executeBatch();
            }
        }
        try (Statement ddl = conn.createStatement()) {
            ddl.execute("""
                    ALTER TABLE resident
                        ALTER COLUMN id_number_cipher SET NOT NULL,
                        ALTER COLUMN id_number_hash SET NOT NULL,
                        ADD CONSTRAINT resident_id_number_hash_key UNIQUE (id_number_hash),
                        DROP COLUMN id_number""");
        }
    }
}
