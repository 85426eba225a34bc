package cn.palmcommunity.testsupport;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * Test data, created fresh by each test that needs it (unique names), on top of the small demo
 * district the test profile loads once. Nothing here depends on another test having run.
 */
@ApplicationScoped
public class Fixtures {

    public static final String PASSWORD = "Fixture#Pass1";
    private static final String PASSWORD_HASH = BcryptUtil.bcryptHash(PASSWORD);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Pool pool;
    private final cn.palmcommunity.resident.IdNumberCipher idNumbers;

    public Fixtures(Pool pool, cn.palmcommunity.resident.IdNumberCipher idNumbers) {
        this.pool = pool;
        this.idNumbers = idNumbers;
    }

    public RowSet<Row> sql(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(30));
    }

    public long count(String sql, Object... args) {
        return sql(sql, args).iterator().next().getLong(0);
    }

    /** A staff account with {@link #PASSWORD}; units are the ids the role needs (see account_unit). */
    public String staff(String role, Long districtId, Long streetId, Long communityId, Long gridId, String department) {
        String username = "t" + SEQUENCE.incrementAndGet() + "." + System.nanoTime() % 1_000_000_000L;
        sql("""
                INSERT INTO account (role, username, display_name, password_hash, district_id, street_id, community_id, grid_id, department)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
                role, username, "测试 " + username, PASSWORD_HASH, districtId, streetId, communityId, gridId, department);
        return username;
    }

    public String communityWorker(long communityId) {
        return staff("COMMUNITY_WORKER", null, null, communityId, null, null);
    }

    public String districtAdmin() {
        return staff("DISTRICT_ADMIN", 1L, null, null, null, null);
    }

    public static Map<String, Object> login(String username) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(200)
                .extract().jsonPath().getMap("");
    }

    public static String accessToken(String username) {
        return (String) login(username).get("accessToken");
    }

    /** A resident (or rider) logged in through the mini-program flow against the WeChat stub; answers the access token. */
    public static String miniProgramToken(String role) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("code", "ok-o" + java.util.UUID.randomUUID(), "role", role))
                .post("/api/auth/wechat")
                .then().statusCode(200)
                .extract().path("accessToken");
    }

    public static String residentToken() {
        return miniProgramToken("RESIDENT");
    }

    public long accountId(String username) {
        return count("SELECT id FROM account WHERE username = $1", username);
    }

    /** A resident of the given community and grid, with a unique valid ID number. */
    public long resident(long communityId, Long gridId) {
        int n = SEQUENCE.incrementAndGet();
        String first17 = "370299" + "19500101" + "%03d".formatted((n % 500) * 2 + 1);
        String suffix = String.valueOf(cn.palmcommunity.resident.ResidentIdNumber.checkCharacter(first17));
        // Fixture ID numbers use 1950-01-01 and a running number; unique within a test run.
        String idNumber = first17 + suffix;
        byte[] hash = idNumbers.lookupHash(idNumber);
        sql("DELETE FROM resident WHERE id_number_hash = $1", io.vertx.core.buffer.Buffer.buffer(hash));
        return sql("""
                INSERT INTO resident (id_number_cipher, id_number_hash, name, sex, birth_date, phone, community_id, grid_id, address)
                VALUES ($1, $2, '测试居民', 'M', DATE '1950-01-01', '13800001234', $3, $4, '测试路1号') RETURNING id""",
                io.vertx.core.buffer.Buffer.buffer(idNumbers.encrypt(idNumber)), io.vertx.core.buffer.Buffer.buffer(hash),
                communityId, gridId).iterator().next().getLong(0);
    }

    public long firstGridOf(long communityId) {
        return count("SELECT min(id) FROM grid WHERE community_id = $1", communityId);
    }

    public long otherGridOf(long communityId) {
        return count("SELECT max(id) FROM grid WHERE community_id = $1", communityId);
    }
}
