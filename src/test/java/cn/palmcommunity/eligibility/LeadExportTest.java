package cn.palmcommunity.eligibility;

import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Worklist exports parsed back: the worklist's rows, masked, and each export in the audit log. */
@QuarkusTest
class LeadExportTest {

    @Inject
    Fixtures fixtures;

    @Inject
    LeadWorklistFixtures leads;

    private static Response export(String token, String format, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).queryParam("format", format).body(body).post("/api/leads/export");
    }

    @Test
    void csvHoldsTheFilteredLeadsMaskedForTheDistrictAndTheExportIsLogged() {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("高龄津贴");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(leads.lead(leads.resident(place, "居民" + i, "1391234567" + i), policy));
        }
        leads.lead(leads.resident(leads.community(), "外社区", "13900000000"), policy);
        fixtures.sql("UPDATE eligibility_lead SET status = 'CONTACTED' WHERE id = $1", ids.get(1));
        String admin = fixtures.districtAdmin();

        Response response = export(Fixtures.accessToken(admin), "csv",
                Map.of("purpose", "高龄津贴入户核实", "policyId", policy.id(), "communityId", place.communityId()));
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("text/csv"), response.contentType());
        assertTrue(response.header("Content-Disposition").matches("attachment; filename=\"leads-\\d{4}-\\d{2}-\\d{2}\\.csv\""),
                response.header("Content-Disposition"));
        byte[] bytes = response.asByteArray();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3), "UTF-8 BOM for Excel");
        // No cell here holds a comma or a quote, so a plain split reads the file.
        List<List<String>> rows = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).lines()
                .map(line -> Arrays.asList(line.split(",", -1))).toList();
        assertEquals(LeadExports.COLUMNS, rows.get(0));
        assertEquals(ids, rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList());
        assertEquals(List.of("高龄津贴", "ONCE", "NEW", "居民0"), rows.get(1).subList(1, 5));
        assertEquals("CONTACTED", rows.get(2).get(3));
        for (List<String> row : rows.subList(1, rows.size())) {
            assertTrue(row.get(5).matches("51\\d\\*{11}\\d{3}[0-9X]"), row.get(5));
            assertTrue(row.get(6).matches("139\\*{4}567\\d"), "district staff get masked phones: " + row.get(6));
            assertEquals(String.valueOf(place.grid1()), row.get(8));
        }

        Row audit = fixtures.sql("""
                SELECT a.purpose, a.action, a.community_id, e.row_count, e.format, e.filter->>'policyId' AS policy FROM audit_log a
                  JOIN lead_export e ON e.id = a.subject_id
                 WHERE a.subject_type = 'LEAD_EXPORT' AND a.actor_id = $1""", fixtures.accountId(admin)).iterator().next();
        assertEquals("高龄津贴入户核实", audit.getString("purpose"));
        assertEquals("EXPORT_LEADS", audit.getString("action"));
        assertEquals(place.communityId(), audit.getLong("community_id"));
        assertEquals(3, audit.getLong("row_count"));
        assertEquals("CSV", audit.getString("format"));
        assertEquals(String.valueOf(policy.id()), audit.getString("policy"));
    }

    @Test
    void xlsxIsAWorkbookOfTheWorkersOwnLeadsWithWholePhones() throws Exception {
        RegistryFixtures.Place place = leads.community();
        LeadWorklistFixtures.TestPolicy policy = leads.policy("助餐补贴");
        long first = leads.lead(leads.resident(place, "王秀英", "13912345678"), policy);
        long second = leads.lead(leads.resident(place, "李桂兰", "13987654321"), policy);
        leads.lead(leads.resident(leads.community(), "外社区", "13900000000"), policy);
        String worker = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));

        Response response = export(worker, "xlsx", Map.of("purpose", "助餐补贴名单", "policyId", policy.id()));
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.contentType());
        byte[] sheet = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.asByteArray()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    sheet = zip.readAllBytes();
                }
            }
        }
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(sheet));
        NodeList rowNodes = doc.getElementsByTagName("row");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < rowNodes.getLength(); i++) {
            NodeList cells = ((Element) rowNodes.item(i)).getElementsByTagName("c");
            List<String> row = new ArrayList<>(Collections.nCopies(LeadExports.COLUMNS.size(), ""));
            for (int j = 0; j < cells.getLength(); j++) {
                Element cell = (Element) cells.item(j);
                int column = 0;
                for (char ch : cell.getAttribute("r").replaceAll("\\d", "").toCharArray()) {
                    column = column * 26 + (ch - 'A' + 1);
                }
                row.set(column - 1, cell.getTextContent());
            }
            rows.add(row);
        }
        assertEquals(LeadExports.COLUMNS, rows.get(0));
        assertEquals(List.of(String.valueOf(first), String.valueOf(second)), rows.subList(1, rows.size()).stream().map(r -> r.get(0)).toList());
        assertEquals(List.of("王秀英", "李桂兰"), rows.subList(1, rows.size()).stream().map(r -> r.get(4)).toList());
        assertEquals(List.of("13912345678", "13987654321"), rows.subList(1, rows.size()).stream().map(r -> r.get(6)).toList(),
                "community workers phone residents");
        assertTrue(rows.get(1).get(5).matches("51\\d\\*{11}\\d{3}[0-9X]"), rows.get(1).get(5));
        assertEquals(1, fixtures.count("SELECT count(*) FROM lead_export WHERE actor_id = (SELECT actor_id FROM audit_log "
                + "WHERE subject_type = 'LEAD_EXPORT' AND purpose = '助餐补贴名单' ORDER BY id DESC LIMIT 1) AND format = 'XLSX'"));
    }

    @Test
    void anExportNeedsAPurposeAFormatAndAScopeItMayUse() {
        RegistryFixtures.Place place = leads.community();
        String token = Fixtures.accessToken(fixtures.communityWorker(place.communityId()));
        long before = fixtures.count("SELECT count(*) FROM lead_export");
        assertProblem(export(token, "csv", Map.of()).then(), 422, "validation").body("errors[0].field", equalTo("purpose"));
        assertProblem(export(token, "pdf", Map.of("purpose", "核实")).then(), 422, "validation").body("errors[0].field", equalTo("format"));
        Map<String, Object> elsewhere = new HashMap<>(Map.of("purpose", "核实", "communityId", leads.community().communityId()));
        assertProblem(export(token, "csv", elsewhere).then(), 403, "forbidden");
        assertProblem(export(token, "csv", Map.of("purpose", "核实", "status", "WAITING")).then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("status"));
        assertEquals(before, fixtures.count("SELECT count(*) FROM lead_export"));
    }
}
