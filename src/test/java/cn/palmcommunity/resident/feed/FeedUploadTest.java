package cn.palmcommunity.resident.feed;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.resident.ResidentIdNumber;
import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Uploading department feeds: CSV and JSON lines applied with provenance, idempotent, bad rows reported. */
@QuarkusTest
class FeedUploadTest {

    @Inject
    FeedFixtures feeds;

    @Inject
    Fixtures fixtures;

    @Inject
    RegistryFixtures registry;

    private long resident(RegistryFixtures.Place place, String id) {
        return registry.resident(id, "测试居民", place.communityId(), place.grid1(), place.compoundId(), "13800001111", "LIVING");
    }

    @Test
    void aCsvOfDeathsIsAppliedWithProvenanceAndAgainChangesNothing() {
        RegistryFixtures.Place place = registry.newCommunity();
        String a = RegistryFixtures.idNumber(LocalDate.of(1930, 5, 1), 'M');
        String b = RegistryFixtures.idNumber(LocalDate.of(1931, 6, 2), 'F');
        long ra = resident(place, a);
        long rb = resident(place, b);
        String token = feeds.department("CIVIL_AFFAIRS");
        String csv = "record_id,version,id_number,death_date\n"
                + "D-" + ra + ",1," + a + ",2026-10-01\n"
                + "D-" + rb + ",1," + b + ",2026-10-02\n";
        long upload = ((Number) feeds.csv(token, "DEATH", csv).statusCode(200)
                .body("status", equalTo("DONE"))
                .body("format", equalTo("CSV"))
                .body("encoding", equalTo("UTF-8"))
                .body("rowsRead", equalTo(2))
                .body("rowsApplied", equalTo(2))
                .body("rowsUnchanged", equalTo(0))
                .body("rowsRejected", equalTo(0))
                .extract().path("id")).longValue();
        assertEquals("DECEASED", fixtures.sql("SELECT living_status FROM resident WHERE id = $1", ra).iterator().next().getString(0));
        var prov = fixtures.sql("SELECT source, feed_name, feed_record_id, feed_version FROM resident_value WHERE resident_id = $1 AND field = 'livingStatus'", rb)
                .iterator().next();
        assertEquals("DEPARTMENT_FEED", prov.getString(0));
        assertEquals("CIVIL_AFFAIRS/DEATH", prov.getString(1));
        assertEquals("D-" + rb, prov.getString(2));
        assertEquals("1", prov.getString(3));

        feeds.csv(token, "DEATH", csv).statusCode(200)
                .body("rowsRead", equalTo(2)).body("rowsApplied", equalTo(0)).body("rowsUnchanged", equalTo(2));
        given().auth().oauth2(token).get("/api/feeds/uploads/" + upload).then().statusCode(200)
                .body("status", equalTo("DONE")).body("rowsApplied", equalTo(2)).body("finishedAt", notNullValue());
    }

    @Test
    void oneRecordSentForTwoPeopleOnTwoLanesAppliesOnce() {
        // Rows are dealt to lanes by the resident's lookup hash; find two people on different lanes,
        // whose batches are then written concurrently, and give both the same record id and version.
        RegistryFixtures.Place place = registry.newCommunity();
        String a = RegistryFixtures.idNumber(LocalDate.of(1932, 3, 3), 'M');
        String b = RegistryFixtures.idNumber(LocalDate.of(1933, 4, 4), 'F');
        for (int day = 5; lane(b) == lane(a); day++) {
            b = RegistryFixtures.idNumber(LocalDate.of(1933, 4, day), 'F');
        }
        long ra = resident(place, a);
        long rb = resident(place, b);
        String token = feeds.department("CIVIL_AFFAIRS");
        String record = "D-twice-" + ra;
        String csv = "record_id,version,id_number,death_date\n"
                + record + ",1," + a + ",2026-10-01\n"
                + record + ",1," + b + ",2026-10-02\n";
        feeds.csv(token, "DEATH", csv).statusCode(200)
                .body("status", equalTo("DONE")).body("rowsApplied", equalTo(1)).body("rowsUnchanged", equalTo(1));
        assertEquals(1L, fixtures.sql("SELECT count(*) FROM resident WHERE id IN ($1, $2) AND living_status = 'DECEASED'", ra, rb)
                .iterator().next().getLong(0));
        assertEquals(1L, fixtures.sql("SELECT count(*) FROM feed_record WHERE record_id = $1", record).iterator().next().getLong(0));
    }

    private int lane(String idNumber) {
        return Math.floorMod(java.util.Arrays.hashCode(cipher.lookupHash(idNumber)), 2);
    }

    @Test
    void jsonLinesOfDisabilityCertificatesGiveTagsWithLevels() {
        RegistryFixtures.Place place = registry.newCommunity();
        String a = RegistryFixtures.idNumber(LocalDate.of(1970, 1, 1), 'M');
        long ra = resident(place, a);
        String token = feeds.department("DISABLED_PERSONS_FEDERATION");
        feeds.jsonl(token, "DISABILITY", """
                {"record_id": "C-1-%d", "version": 1, "id_number": "%s", "level": 2, "since": "2025-03-01"}
                
                {"record_id": "C-1-%d", "version": 2, "id_number": "%s", "level": 3, "since": "2026-03-01"}
                """.formatted(ra, a, ra, a)).statusCode(200)
                .body("format", equalTo("JSONL")).body("rowsRead", equalTo(2)).body("rowsApplied", equalTo(2));
        var rows = fixtures.sql("SELECT level, since, until, source, feed_record_id FROM resident_tag WHERE resident_id = $1 AND tag_code = 'DISABILITY' ORDER BY since", ra);
        assertEquals(2, rows.size());
        var it = rows.iterator();
        var first = it.next();
        var second = it.next();
        assertEquals(2, first.getInteger(0));
        assertEquals(LocalDate.of(2026, 2, 28), first.getLocalDate(2));
        assertEquals(3, second.getInteger(0));
        assertEquals(null, second.getLocalDate(2));
        assertEquals("DEPARTMENT_FEED", second.getString(3));
    }

    @Test
    void eachBadRowIsReportedWithItsReasonWhileTheGoodRowsApply() {
        RegistryFixtures.Place place = registry.newCommunity();
        String good = RegistryFixtures.idNumber(LocalDate.of(1940, 2, 2), 'F');
        long rGood = resident(place, good);
        String wrongCheck = good.substring(0, 17) + (good.charAt(17) == '1' ? '2' : '1');
        String unknown = RegistryFixtures.idNumber(LocalDate.of(1941, 3, 3), 'M');
        String token = feeds.department("CIVIL_AFFAIRS");
        String csv = "record_id,version,id_number,death_date,birth_date\n"
                + "D-ok-" + rGood + ",1," + good + ",2026-09-01,1940-02-02\n"
                + "D-bad-check-" + rGood + ",1," + wrongCheck + ",2026-09-01,\n"
                + "D-bad-birth-" + rGood + ",1," + good + ",2026-09-01,1940-02-03\n"
                + "D-unknown-" + rGood + ",1," + unknown + ",2026-09-01,\n"
                + "D-comma-" + rGood + ",1," + good + ",2026-09-01,1940-02-02,extra\n"
                + "D-date-" + rGood + ",1," + good + ",01/09/2026,\n"
                + "D-version-" + rGood + ",x," + good + ",2026-09-01,\n";
        long upload = ((Number) feeds.csv(token, "DEATH", csv).statusCode(200)
                .body("rowsRead", equalTo(7)).body("rowsApplied", equalTo(1)).body("rowsRejected", equalTo(6))
                .extract().path("id")).longValue();
        feeds.errors(token, upload)
                .body("items.row", contains(3, 4, 5, 6, 7, 8))
                .body("items.field", contains("id_number", "birth_date", "id_number", "line", "death_date", "version"))
                .body("items[0].reason", containsString("check digit does not match"))
                .body("items[0].recordId", equalTo("D-bad-check-" + rGood))
                .body("items[1].reason", equalTo("disagrees with the ID number, which says 1940-02-02"))
                .body("items[2].reason", containsString("unknown resident"))
                .body("items[3].reason", containsString("expected 5 fields, found 6"))
                .body("next", equalTo(null));
        String report = given().auth().oauth2(token).get("/api/feeds/uploads/" + upload + "/errors.csv").then().statusCode(200)
                .extract().asString();
        assertEquals(true, report.contains("\r\n5,D-unknown-" + rGood + ",id_number,unknown resident"), report);
        assertEquals("DECEASED", fixtures.sql("SELECT living_status FROM resident WHERE id = $1", rGood).iterator().next().getString(0));
    }

    @Test
    void quotedCommasAndLineBreaksAreValuesNotSeparators() {
        RegistryFixtures.Place place = registry.newCommunity();
        String compound = "阳光,花园";
        fixtures.sql("INSERT INTO compound (community_id, grid_id, name) VALUES ($1, $2, $3)", place.communityId(), place.grid2(), compound);
        String a = RegistryFixtures.idNumber(LocalDate.of(1980, 8, 8), 'M');
        long ra = resident(place, a);
        String token = feeds.department("PUBLIC_SECURITY");
        String csv = "record_id,version,id_number,direction,move_date,community_code,compound,building,unit,room\n"
                + "M-" + ra + ",1," + a + ",IN,2026-10-01," + feeds.communityCode(place.communityId()) + ",\"阳光,花园\",\"1\",2,\"30\"\"1\"\n"
                + "M-broken-" + ra + ",1," + a + ",IN,2026-10-01,x,\"never closed,1,2,3\n";
        long upload = ((Number) feeds.csv(token, "HOUSEHOLD_MOVE", csv).statusCode(200)
                .body("rowsApplied", equalTo(1)).body("rowsRejected", equalTo(1)).extract().path("id")).longValue();
        var row = fixtures.sql("SELECT address, grid_id FROM resident WHERE id = $1", ra).iterator().next();
        assertEquals("阳光,花园1号楼2单元30\"1室", row.getString(0));
        assertEquals(place.grid2(), row.getLong(1));
        feeds.errors(token, upload).body("items[0].row", equalTo(3)).body("items[0].reason", containsString("never closed"));
    }

    @Test
    void aGbkFileIsConvertedAndSaysSo() {
        RegistryFixtures.Place place = registry.newCommunity();
        String mother = RegistryFixtures.idNumber(LocalDate.of(1995, 1, 1), 'F');
        resident(place, mother);
        String baby = RegistryFixtures.idNumber(LocalDate.of(2026, 9, 9), 'F');
        String token = feeds.department("HEALTH");
        String csv = "record_id,version,id_number,name,birth_date,community_code,guardian_id_number\n"
                + "B-" + baby + ",1," + baby + ",王小丫,2026-09-09," + feeds.communityCode(place.communityId()) + "," + mother + "\n";
        feeds.csv(token, "BIRTH", csv, java.nio.charset.Charset.forName("GBK")).statusCode(200)
                .body("encoding", equalTo("GBK")).body("rowsApplied", equalTo(1));
        var row = fixtures.sql("""
                SELECT r.name, r.sex, r.birth_date, r.source, r.compound_id, r.relation_to_head FROM resident r
                 WHERE r.id_number_hash = $1""", io.vertx.core.buffer.Buffer.buffer(cipherHash(baby)))
                .iterator().next();
        assertEquals("王小丫", row.getString(0));
        assertEquals("F", row.getString(1));
        assertEquals("DEPARTMENT_FEED", row.getString(3));
        assertEquals(place.compoundId(), row.getLong(4));
        assertEquals(null, row.getString(5), "the guardian has no household on file");
    }

    @Inject
    cn.palmcommunity.resident.IdNumberCipher cipher;

    private byte[] cipherHash(String id) {
        return cipher.lookupHash(id);
    }

    @Test
    void aDuplicateIdNumberInABirthsFeedIsRejected() {
        RegistryFixtures.Place place = registry.newCommunity();
        String existing = RegistryFixtures.idNumber(LocalDate.of(2026, 1, 5), 'M');
        resident(place, existing);
        String baby = RegistryFixtures.idNumber(LocalDate.of(2026, 2, 5), 'M');
        String code = feeds.communityCode(place.communityId());
        String token = feeds.department("HEALTH");
        String csv = "record_id,version,id_number,name,birth_date,community_code\n"
                + "B-x-" + existing + ",1," + existing + ",甲,2026-01-05," + code + "\n"
                + "B-y-" + baby + ",1," + baby + ",乙,2026-02-05," + code + "\n"
                + "B-z-" + baby + ",1," + baby + ",丙,2026-02-05," + code + "\n"
                + "B-w-" + baby + ",1," + baby + ",丁,2026-02-05,NOPE\n";
        long upload = ((Number) feeds.csv(token, "BIRTH", csv).statusCode(200)
                .body("rowsApplied", equalTo(1)).body("rowsRejected", equalTo(3)).extract().path("id")).longValue();
        feeds.errors(token, upload)
                .body("items.row", contains(2, 4, 5))
                .body("items[0].reason", containsString("duplicate ID number"))
                .body("items[1].reason", containsString("duplicate ID number"))
                .body("items[2].field", equalTo("community_code"))
                .body("items[2].reason", equalTo("unknown community NOPE"));
    }

    @Test
    void unreadableUploadsAreRefusedClearly() {
        String token = feeds.department("CIVIL_AFFAIRS");
        assertProblem(feeds.csv(token, "DEATH", "record_id,version,id_number\nx,1,y\n"), 422, "validation")
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", containsString("lacks the column \"death_date\""));
        byte[] utf16 = "record_id,version,id_number,death_date\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[utf16.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(utf16, 0, withBom, 2, utf16.length);
        long upload = feeds.announce(token, "DEATH");
        assertProblem(feeds.send(token, upload, "text/csv", withBom), 422, "validation")
                .body("detail", containsString("UTF-16"));
        given().auth().oauth2(token).get("/api/feeds/uploads/" + upload).then().statusCode(200)
                .body("status", equalTo("FAILED")).body("failure", containsString("UTF-16"));
        assertProblem(feeds.send(token, upload, "text/csv", "x".getBytes()), 409, "upload-not-waiting");
        assertProblem(feeds.send(token, feeds.announce(token, "DEATH"), "application/pdf", "x".getBytes()), 415, "unsupported-media-type");
    }

    @Test
    void onlyTheRightDepartmentsUploadAndFollow() {
        String civil = feeds.department("CIVIL_AFFAIRS");
        assertProblem(given().auth().oauth2(civil).contentType(ContentType.JSON).body(Map.of("feed", "BIRTH"))
                .post("/api/feeds/uploads").then(), 403, "forbidden");
        assertProblem(given().auth().oauth2(civil).contentType(ContentType.JSON).body(Map.of("feed", "WEATHER"))
                .post("/api/feeds/uploads").then(), 422, "validation").body("errors[0].field", equalTo("feed"));
        long upload = feeds.announce(civil, "DEATH");
        String health = feeds.department("HEALTH");
        assertProblem(given().auth().oauth2(health).get("/api/feeds/uploads/" + upload).then(), 404, "not-found");
        assertProblem(feeds.send(health, upload, "text/csv", "x".getBytes()), 404, "not-found");
        assertProblem(feeds.send("not-a-token", upload, "text/csv", "x".getBytes()), 401, "unauthorized");
        String worker = Fixtures.accessToken(fixtures.communityWorker(1L));
        assertProblem(feeds.send(worker, upload, "text/csv", "x".getBytes()), 403, "forbidden");
        given().auth().oauth2(Fixtures.accessToken(fixtures.districtAdmin())).get("/api/feeds/uploads/" + upload).then()
                .statusCode(200).body("status", equalTo("WAITING")).body("source", equalTo("CIVIL_AFFAIRS"));
    }
}
