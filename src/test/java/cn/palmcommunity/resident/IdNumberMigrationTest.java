package cn.palmcommunity.resident;

import db.migration.V14__EncryptResidentIdNumbers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * V14 on a database that already holds clear ID numbers (the test database was migrated while
 * empty): a V13-shaped resident table in a scratch schema, in a transaction that is rolled back.
 */
@QuarkusTest
class IdNumberMigrationTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    IdNumberCipher cipher;

    @Test
    void existingRowsAreEncryptedAndHashedAndTheClearColumnGoes() throws Exception {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            numbers.add(RegistryFixtures.idNumber(LocalDate.of(1940 + i, 3, 1 + i), i % 2 == 0 ? 'F' : 'M'));
        }
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                String schema = "v14_probe_" + System.nanoTime();
                st.execute("CREATE SCHEMA " + schema);
                st.execute("SET LOCAL search_path TO " + schema);
                st.execute("CREATE TABLE resident (id bigint PRIMARY KEY, id_number char(18) NOT NULL UNIQUE, name text NOT NULL)");
            }
            try (PreparedStatement insert = conn.prepareStatement("INSERT INTO resident VALUES (?, ?, ?)")) {
                for (int i = 0; i < numbers.size(); i++) {
                    insert.setLong(1, i + 1);
                    insert.setString(2, numbers.get(i));
                    insert.setString(3, "居民" + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            new V14__EncryptResidentIdNumbers().migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    return null;
                }

                @Override
                public Connection getConnection() {
                    return conn;
                }
            });
            try (Statement st = conn.createStatement()) {
                ResultSet columns = st.executeQuery("""
                        SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()
                           AND table_name = 'resident' AND column_name = 'id_number'""");
                columns.next();
                assertEquals(0, columns.getInt(1), "the clear column is gone");
                ResultSet rows = st.executeQuery("SELECT id, name, id_number_cipher, id_number_hash FROM resident ORDER BY id");
                int n = 0;
                while (rows.next()) {
                    String expected = numbers.get(n);
                    assertEquals("居民" + n, rows.getString("name"));
                    assertEquals(expected, cipher.decrypt(rows.getBytes("id_number_cipher")));
                    assertArrayEquals(cipher.lookupHash(expected), rows.getBytes("id_number_hash"));
                    assertFalse(new String(rows.getBytes("id_number_cipher"), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains(expected.substring(6, 14)));
                    n++;
                }
                assertEquals(numbers.size(), n, "no row lost");
            }
            conn.rollback();
        }
    }
}
