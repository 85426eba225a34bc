package cn.palmcommunity.resident;

import cn.palmcommunity.testsupport.Fixtures;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh community of one's own (two grids, a compound) and residents with chosen attributes, so
 * that counts can be checked exactly against what the test itself created.
 */
@ApplicationScoped
public class RegistryFixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Fixtures fixtures;
    private final IdNumberCipher idNumbers;

    public RegistryFixtures(Fixtures fixtures, IdNumberCipher idNumbers) {
        this.fixtures = fixtures;
        this.idNumbers = idNumbers;
    }

    public record Place(long communityId, long grid1, long grid2, long compoundId) {
    }

    public Place newCommunity() {
        String code = "T" + System.nanoTime();
        long community = fixtures.count("INSERT INTO community (street_id, code, name) VALUES (1, $1, $2) RETURNING id", code, "测试社区" + code);
        long g1 = fixtures.count("INSERT INTO grid (community_id, code, name) VALUES ($1, $2, '一网格') RETURNING id", community, code + "-1");
        long g2 = fixtures.count("INSERT INTO grid (community_id, code, name) VALUES ($1, $2, '二网格') RETURNING id", community, code + "-2");
        long compound = fixtures.count("INSERT INTO compound (community_id, grid_id, name) VALUES ($1, $2, '测试小区') RETURNING id", community, g1);
        return new Place(community, g1, g2, compound);
    }

    /** A valid ID number for the birth date and sex, unique within the run (regions 5xxxxx, never the demo's). */
    public static String idNumber(LocalDate birth, char sex) {
        int n = SEQUENCE.incrementAndGet();
        String region = String.valueOf(510000 + n / 400);
        int sequence = (n % 400) * 2 + (sex == 'M' ? 1 : 0);
        String first17 = region + birth.toString().replace("-", "") + "%03d".formatted(sequence);
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    public long resident(String idNumber, String name, long community, Long grid, Long compound, String phone, String livingStatus) {
        LocalDate birth = ResidentIdNumber.birthDate(idNumber);
        return fixtures.count("""
                INSERT INTO resident (id_number_cipher, id_number_hash, name, sex, birth_date, phone, community_id, grid_id, compound_id,
                                      address, living_status)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '测试路9号', $10) RETURNING id""",
                Buffer.buffer(idNumbers.encrypt(idNumber)), Buffer.buffer(idNumbers.lookupHash(idNumber)), name,
                String.valueOf(ResidentIdNumber.sex(idNumber)), birth, phone, community, grid, compound, livingStatus);
    }

    public void tag(long resident, String code, OffsetDateTime confirmedAt) {
        fixtures.sql("""
                INSERT INTO resident_tag (resident_id, tag_code, since, source, confirmed_at)
                VALUES ($1, $2, DATE '2020-01-01', 'COMMUNITY_SURVEY', $3)""", resident, code, confirmedAt);
    }

    public void visit(long resident, OffsetDateTime at) {
        fixtures.sql("INSERT INTO resident_visit (resident_id, visited_at) VALUES ($1, $2)", resident, at);
    }
}
