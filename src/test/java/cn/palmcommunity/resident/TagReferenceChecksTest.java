package cn.palmcommunity.resident;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.DatabaseErrors.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** V26 checks a tag's resident and definition, and a ledger row's upload, per statement instead of with foreign keys. */
@QuarkusTest
class TagReferenceChecksTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RegistryFixtures registry;

    private long resident() {
        RegistryFixtures.Place place = registry.newCommunity();
        return registry.resident(RegistryFixtures.idNumber(LocalDate.of(1950, 3, 1), 'F'), "周玉兰", place.communityId(),
                place.grid1(), null, null, "LIVING");
    }

    @Test
    void aTagForAMissingResidentOrAnUndefinedCodeIsRefusedAndNothingOfTheStatementIsStored() {
        long resident = resident();
        PgException noResident = refused(() -> fixtures.sql("""
                INSERT INTO resident_tag (resident_id, tag_code, since, source)
                VALUES ($1, 'DISABILITY', DATE '2024-01-01', 'COMMUNITY_SURVEY'), (-7, 'DISABILITY', DATE '2024-01-01', 'COMMUNITY_SURVEY')""",
                resident));
        assertEquals("23503", noResident.getSqlState());
        assertEquals("resident -7 does not exist", noResident.getErrorMessage());

        PgException noTag = refused(() -> fixtures.sql("""
                INSERT INTO resident_tag (resident_id, tag_code, since, source) VALUES ($1, 'NO_SUCH_TAG', DATE '2024-01-01', 'COMMUNITY_SURVEY')""",
                resident));
        assertEquals("23503", noTag.getSqlState());
        assertEquals("tag NO_SUCH_TAG is not defined", noTag.getErrorMessage());

        PgException movedToNowhere = refused(() -> {
            registry.tag(resident, "DISABILITY", OffsetDateTime.now());
            fixtures.sql("UPDATE resident_tag SET resident_id = -8 WHERE resident_id = $1", resident);
        });
        assertEquals("23503", movedToNowhere.getSqlState());
        assertEquals("resident -8 does not exist", movedToNowhere.getErrorMessage());
        assertEquals(1, fixtures.count("SELECT count(*) FROM resident_tag WHERE resident_id = $1", resident),
                "the valid tag written alone stays; the refused statements left nothing");
    }

    @Test
    void removingAResidentTakesTheirTagsAndAUsedDefinitionCannotBeRemoved() {
        String code = "T_" + System.nanoTime();
        fixtures.sql("INSERT INTO tag_definition (code, name) VALUES ($1, '测试标签')", code);
        long resident = resident();
        registry.tag(resident, code, OffsetDateTime.now());

        PgException inUse = refused(() -> fixtures.sql("DELETE FROM tag_definition WHERE code = $1", code));
        assertEquals("23503", inUse.getSqlState());
        assertEquals("tag " + code + " is carried by residents", inUse.getErrorMessage());
        assertEquals("23503", refused(() -> fixtures.sql("UPDATE tag_definition SET code = code || '_X' WHERE code = $1", code)).getSqlState());

        fixtures.sql("DELETE FROM resident WHERE id = $1", resident);
        assertEquals(0, fixtures.count("SELECT count(*) FROM resident_tag WHERE resident_id = $1", resident));
        fixtures.sql("DELETE FROM tag_definition WHERE code = $1", code);
        assertEquals(0, fixtures.count("SELECT count(*) FROM tag_definition WHERE code = $1", code), "unused, it can go");
    }

    @Test
    void aLedgerRowForAMissingUploadIsRefused() {
        PgException noUpload = refused(() -> fixtures.sql("""
                INSERT INTO feed_record (source, feed, record_id, version, upload_id, resident_id, outcome, applied_at)
                VALUES ('DISABLED_PERSONS_FEDERATION', 'DISABILITY', $1, 1, -3, NULL, 'APPLIED', now())""", "R" + System.nanoTime()));
        assertEquals("23503", noUpload.getSqlState());
        assertEquals("feed upload -3 does not exist", noUpload.getErrorMessage());
    }
}
