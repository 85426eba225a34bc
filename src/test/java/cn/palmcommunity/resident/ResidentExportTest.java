package cn.palmcommunity.resident;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

/** Exports parsed back: the same residents as the search, masked, and each export in the audit log. */
@QuarkusTest
class ResidentExportTest {

    @Inject
    Fixtures fixtures;

    @Inject
    RegistryFixtures registry;

    private Response export(String token, String format, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).queryParam("format", format).body(body)
                .post("/api/residents/search/export");
    }

    @Test
    void csvHoldsTheFilteredResidentsMaskedAndTheExportIsLogged() {
        Population pop = new Population(registry, 21, 40);
        String admin = fixtures.districtAdmin();
        long community = pop.place().communityId();
        Response response = export(Fixtures.accessToken(admin), "csv",
                Map.of("filter", Map.of("communityIds", List.of(community), "sex", "F"), "purpose", "screening invitations"));
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("text/csv"), response.contentType());
        assertTrue(response.header("Content-Disposition").contains(".csv"));
        byte[] bytes = response.asByteArray();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(bytes, 3), "UTF-8 BOM for Excel");
        List<List<String>> rows = parseCsv(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        assertEquals(ResidentExports.COLUMNS, rows.get(0));
        List<Long> ids = rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList();
        assertEquals(pop.ids(p -> p.sex() == 'F'), ids);
        for (List<String> row : rows.subList(1, rows.size())) {
            assertTrue(row.get(2).matches("51\\d\\*{11}\\d{3}[0-9X]"), row.get(2));
            assertTrue(row.get(6).matches("139\\*{4}\\d{4}"), "district staff get masked phones: " + row.get(6));
            assertEquals("F", row.get(3));
        }
        var audit = fixtures.sql("""
                SELECT a.purpose, e.row_count, e.format, e.filter->>'sex' AS sex FROM audit_log a
                  JOIN resident_export e ON e.id = a.subject_id
                 WHERE a.subject_type = 'RESIDENT_EXPORT' AND a.actor_id = $1""", fixtures.accountId(admin)).iterator().next();
        assertEquals("screening invitations", audit.getString("purpose"));
        assertEquals(ids.size(), audit.getLong("row_count"));
        assertEquals("CSV", audit.getString("format"));
        assertEquals("F", audit.getString("sex"));
    }

    @Test
    void xlsxIsAWorkbookWithTheSameRows() throws Exception {
        Population pop = new Population(registry, 22, 25);
        String worker = Fixtures.accessToken(fixtures.communityWorker(pop.place().communityId()));
        Response response = export(worker, "xlsx", Map.of("filter", Map.of("tagsAny", List.of("LOW_INCOME")), "purpose", "low-income review"));
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.contentType());
        List<String> entries = new ArrayList<>();
        byte[] sheet = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.asByteArray()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                entries.add(e.getName());
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    sheet = zip.readAllBytes();
                }
            }
        }
        assertTrue(entries.containsAll(List.of("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")), entries.toString());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(sheet));
        NodeList rowNodes = doc.getElementsByTagName("row");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < rowNodes.getLength(); i++) {
            NodeList cells = ((Element) rowNodes.item(i)).getElementsByTagName("c");
            // Empty cells are left out of the sheet; place each by its reference (A1, M7, …).
            List<String> row = new ArrayList<>(java.util.Collections.nCopies(ResidentExports.COLUMNS.size(), ""));
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
        assertEquals(ResidentExports.COLUMNS, rows.get(0));
        assertEquals(pop.ids(p -> p.tags().containsKey("LOW_INCOME")),
                rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList());
        for (List<String> row : rows.subList(1, rows.size())) {
            assertTrue(row.get(6).matches("139\\d{8}"), "community workers phone residents: " + row.get(6));
            assertTrue(row.get(12).contains("LOW_INCOME"), row.get(12));
        }
    }

    @Test
    void anExportNeedsAPurposeAndAValidFilter() {
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        long before = fixtures.count("SELECT count(*) FROM resident_export");
        assertProblem(export(token, "csv", Map.of("filter", Map.of())).then(), 422, "validation")
                .body("errors[0].field", equalTo("purpose"));
        assertProblem(export(token, "csv", Map.of("filter", Map.of("ageMax", 200), "purpose", "check")).then(), 422, "validation")
                .body("errors[0].field", equalTo("filter.ageMax"));
        assertProblem(export(token, "pdf", Map.of("purpose", "check")).then(), 422, "validation")
                .body("errors[0].field", equalTo("format"));
        assertEquals(before, fixtures.count("SELECT count(*) FROM resident_export"));
    }

    /** RFC 4180, enough for the test: quoted fields with commas, doubled quotes, CRLF. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r') {
                continue;
            } else if (c == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        return rows;
    }
}
