package cn.palmcommunity.demo;

import cn.palmcommunity.resident.IdNumberCipher;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads the demo district into an empty database when {@code palm.demo.enabled} is on (dev mode and
 * tests; never by default in production). Rows go in with one {@code unnest} insert per community,
 * so even 1.1 million residents load in a minute or so, in one transaction: a half-loaded demo is
 * never left behind.
 */
@ApplicationScoped
public class DemoDistrictLoader {

    private static final Logger LOG = Logger.getLogger(DemoDistrictLoader.class);
    /** Printed in the README; demo only. */
    public static final String DEMO_PASSWORD = "Demo#2026";

    private final Pool pool;
    private final IdNumberCipher idNumbers;
    private final boolean enabled;
    private final long seed;
    private final int residents;

    public DemoDistrictLoader(Pool pool, IdNumberCipher idNumbers,
                              @ConfigProperty(name = "palm.demo.enabled") boolean enabled,
                              @ConfigProperty(name = "palm.demo.seed") long seed,
                              @ConfigProperty(name = "palm.demo.residents") int residents) {
        this.pool = pool;
        this.idNumbers = idNumbers;
        this.enabled = enabled;
        this.seed = seed;
        this.residents = residents;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        long started = System.nanoTime();
        Boolean loaded = loadIfEmpty().await().atMost(Duration.ofMinutes(30));
        if (Boolean.TRUE.equals(loaded)) {
            LOG.infof("Demo district loaded: %d residents (seed %d) in %d ms", residents, seed, (System.nanoTime() - started) / 1_000_000);
        }
        // Separately, so that a demo database from before stations existed gets them too.
        DemoDistrict district = new DemoDistrictGenerator(seed, residents).organisation();
        Integer stations = new DemoStations(seed).loadIfNone(pool, district).await().atMost(Duration.ofMinutes(5));
        if (stations != null && stations > 0) {
            LOG.infof("Demo stations loaded: %d", stations);
        }
    }

    /** Loads the district unless one exists already; answers whether it loaded. */
    public Uni<Boolean> loadIfEmpty() {
        DemoDistrictGenerator generator = new DemoDistrictGenerator(seed, residents);
        DemoDistrict district = generator.organisation();
        String passwordHash = BcryptUtil.bcryptHash(DEMO_PASSWORD);
        return pool.withTransaction(conn -> conn.query("LOCK TABLE district IN EXCLUSIVE MODE").execute()
                .onItem().transformToUni(ignored -> conn.query("SELECT count(*) FROM district").execute())
                .onItem().transformToUni(rows -> {
                    if (rows.iterator().next().getLong(0) > 0) {
                        return Uni.createFrom().item(false);
                    }
                    return insertOrganisation(conn, district)
                            .onItem().transformToUni(ignored -> insertResidents(conn, generator, district))
                            .onItem().transformToUni(ignored -> insertAccounts(conn, district, passwordHash))
                            .onItem().transformToUni(ignored -> conn.query("""
                                    SELECT setval(pg_get_serial_sequence('district', 'id'), (SELECT max(id) FROM district)),
                                           setval(pg_get_serial_sequence('street', 'id'), (SELECT max(id) FROM street)),
                                           setval(pg_get_serial_sequence('community', 'id'), (SELECT max(id) FROM community)),
                                           setval(pg_get_serial_sequence('grid', 'id'), (SELECT max(id) FROM grid))""").execute())
                            .replaceWith(true);
                }));
    }

    private Uni<Void> insertOrganisation(SqlConnection conn, DemoDistrict district) {
        DemoDistrict.Unit d = district.district();
        List<DemoDistrict.Community> communities = district.communities();
        List<Object[]> grids = new ArrayList<>();
        for (DemoDistrict.Community c : communities) {
            for (DemoDistrict.Unit g : c.grids()) {
                grids.add(new Object[] {g.id(), c.id(), g.code(), g.name()});
            }
        }
        return conn.preparedQuery("INSERT INTO district (id, code, name) VALUES ($1, $2, $3)")
                .execute(Tuple.of(d.id(), d.code(), d.name()))
                .onItem().transformToUni(ignored -> conn.preparedQuery("""
                        INSERT INTO street (id, district_id, code, name) SELECT id, $1, code, name
                          FROM unnest($2::bigint[], $3::text[], $4::text[]) AS t(id, code, name)""")
                        .execute(Tuple.of(d.id(),
                                district.streets().stream().map(DemoDistrict.Unit::id).toArray(Long[]::new),
                                district.streets().stream().map(DemoDistrict.Unit::code).toArray(String[]::new),
                                district.streets().stream().map(DemoDistrict.Unit::name).toArray(String[]::new))))
                .onItem().transformToUni(ignored -> conn.preparedQuery("""
                        INSERT INTO community (id, street_id, code, name, centre)
                        SELECT id, street_id, code, name, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography
                          FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::float8[], $6::float8[])
                               AS t(id, street_id, code, name, lat, lon)""")
                        .execute(Tuple.from(new Object[] {
                            communities.stream().map(DemoDistrict.Community::id).toArray(Long[]::new),
                            communities.stream().map(DemoDistrict.Community::streetId).toArray(Long[]::new),
                            communities.stream().map(DemoDistrict.Community::code).toArray(String[]::new),
                            communities.stream().map(DemoDistrict.Community::name).toArray(String[]::new),
                            communities.stream().map(DemoDistrict.Community::latitude).toArray(Double[]::new),
                            communities.stream().map(DemoDistrict.Community::longitude).toArray(Double[]::new)})))
                .onItem().transformToUni(ignored -> conn.preparedQuery("""
                        INSERT INTO grid (id, community_id, code, name)
                        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])""")
                        .execute(Tuple.of(
                                grids.stream().map(g -> (Long) g[0]).toArray(Long[]::new),
                                grids.stream().map(g -> (Long) g[1]).toArray(Long[]::new),
                                grids.stream().map(g -> (String) g[2]).toArray(String[]::new),
                                grids.stream().map(g -> (String) g[3]).toArray(String[]::new))))
                .replaceWithVoid();
    }

    private Uni<Void> insertResidents(SqlConnection conn, DemoDistrictGenerator generator, DemoDistrict district) {
        return Multi.createFrom().iterable(district.communities())
                .onItem().transformToUniAndConcatenate(community -> {
                    List<DemoResident> people = generator.residentsOf(community);
                    if (people.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    int n = people.size();
                    // ID numbers are stored encrypted plus a lookup hash, never in clear (see IdNumberCipher).
                    byte[][] ciphers = new byte[n][];
                    byte[][] hashes = new byte[n][];
                    String[] names = new String[n];
                    String[] sexes = new String[n];
                    LocalDate[] births = new LocalDate[n];
                    String[] phones = new String[n];
                    Long[] grids = new Long[n];
                    String[] addresses = new String[n];
                    String[] statuses = new String[n];
                    for (int i = 0; i < n; i++) {
                        DemoResident r = people.get(i);
                        ciphers[i] = idNumbers.encrypt(r.idNumber());
                        hashes[i] = idNumbers.lookupHash(r.idNumber());
                        names[i] = r.name();
                        sexes[i] = String.valueOf(r.sex());
                        births[i] = r.birthDate();
                        phones[i] = r.phone();
                        grids[i] = community.grids().get(r.gridIndex()).id();
                        addresses[i] = r.address();
                        statuses[i] = r.livingStatus();
                    }
                    return conn.preparedQuery("""
                            INSERT INTO resident (id_number_cipher, id_number_hash, name, sex, birth_date, phone, community_id, grid_id, address, living_status)
                            SELECT t.id_cipher, t.id_hash, t.name, t.sex, t.birth_date, t.phone, $6, t.grid_id, t.address, t.living_status
                              FROM unnest($1::bytea[], $10::bytea[], $2::text[], $3::text[], $4::date[], $5::text[], $7::bigint[], $8::text[], $9::text[])
                                   AS t(id_cipher, id_hash, name, sex, birth_date, phone, grid_id, address, living_status)""")
                            .execute(Tuple.from(new Object[] {toBuffers(ciphers), names, sexes, births, phones, community.id(), grids, addresses, statuses,
                                toBuffers(hashes)}))
                            .replaceWithVoid();
                })
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * Demo accounts, all with {@link #DEMO_PASSWORD}: district.admin, district.staff, one per
     * department, street.s01…s21, worker.c001…c137 and grid.c001…c137 (first grid of each community).
     */
    private Uni<Void> insertAccounts(SqlConnection conn, DemoDistrict district, String passwordHash) {
        List<String[]> rows = new ArrayList<>();
        long d = district.district().id();
        rows.add(new String[] {"DISTRICT_ADMIN", "district.admin", "区管理员 周宁", String.valueOf(d), null, null, null, null});
        rows.add(new String[] {"DISTRICT_STAFF", "district.staff", "区工作人员 陈静", String.valueOf(d), null, null, null, null});
        String[][] departments = {
            {"CIVIL_AFFAIRS", "dept.civil", "民政局 刘洋"}, {"HEALTH", "dept.health", "卫健局 孙丽"},
            {"DISABLED_PERSONS_FEDERATION", "dept.disabled", "残联 马强"}, {"VETERANS_AFFAIRS", "dept.veterans", "退役军人事务局 高峰"},
            {"HOTLINE_12345", "dept.hotline", "12345热线 林娜"}};
        for (String[] dep : departments) {
            rows.add(new String[] {"DEPARTMENT_STAFF", dep[1], dep[2], String.valueOf(d), null, null, null, dep[0]});
        }
        for (DemoDistrict.Unit s : district.streets()) {
            rows.add(new String[] {"STREET_STAFF", "street." + s.code().toLowerCase(), s.name() + "工作人员", null,
                String.valueOf(s.id()), null, null, null});
        }
        for (DemoDistrict.Community c : district.communities()) {
            rows.add(new String[] {"COMMUNITY_WORKER", "worker." + c.code().toLowerCase(), c.name() + "社工", null, null,
                String.valueOf(c.id()), null, null});
            rows.add(new String[] {"GRID_WORKER", "grid." + c.code().toLowerCase(), c.name() + "第1网格员", null, null,
                String.valueOf(c.id()), String.valueOf(c.grids().get(0).id()), null});
        }
        return conn.preparedQuery("""
                        INSERT INTO account (role, username, display_name, district_id, street_id, community_id, grid_id, department, password_hash)
                        SELECT role, username, display_name, district_id::bigint, street_id::bigint, community_id::bigint, grid_id::bigint, department, $9
                          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                               AS t(role, username, display_name, district_id, street_id, community_id, grid_id, department)""")
                .execute(Tuple.from(new Object[] {
                    column(rows, 0), column(rows, 1), column(rows, 2), column(rows, 3),
                    column(rows, 4), column(rows, 5), column(rows, 6), column(rows, 7), passwordHash}))
                .replaceWithVoid();
    }

    /** bytea[] parameters bind as arrays of core (not Mutiny) buffers. */
    private static io.vertx.core.buffer.Buffer[] toBuffers(byte[][] values) {
        io.vertx.core.buffer.Buffer[] buffers = new io.vertx.core.buffer.Buffer[values.length];
        for (int i = 0; i < values.length; i++) {
            buffers[i] = io.vertx.core.buffer.Buffer.buffer(values[i]);
        }
        return buffers;
    }

    private static String[] column(List<String[]> rows, int index) {
        return rows.stream().map(r -> r[index]).toArray(String[]::new);
    }
}
