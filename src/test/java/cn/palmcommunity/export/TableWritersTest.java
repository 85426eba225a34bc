package cn.palmcommunity.export;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writers on awkward values: quotes, commas, new lines, formulas, markup, control characters. */
class TableWritersTest {

    private static final List<Object> AWKWARD = Arrays.asList("a,b", "say \"hi\"", "two\nlines", "=1+1", "<b>&</b>", "bell\u0007", null, 42,
            LocalDate.of(2026, 1, 2));

    @Test
    void csvQuotesWhatItMustAndDefusesFormulas() {
        TableWriter w = new CsvTableWriter();
        byte[] header = w.header(List.of("x"));
        assertEquals((byte) 0xEF, header[0]);
        String row = new String(w.rows(List.of(AWKWARD)), StandardCharsets.UTF_8);
        assertEquals("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",'=1+1,<b>&</b>,bell\u0007,,42,2026-01-02\r\n", row);
        assertEquals(0, w.finish().length);
    }

    @Test
    void xlsxIsAValidZipWithEscapedInlineStrings() throws Exception {
        TableWriter w = new XlsxTableWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(w.header(List.of("名字")));
        out.write(w.rows(List.of(AWKWARD)));
        out.write(w.finish());
        String sheet = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    sheet = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertTrue(sheet.contains("<t xml:space=\"preserve\">名字</t>"), sheet);
        assertTrue(sheet.contains("&lt;b&gt;&amp;&lt;/b&gt;"), sheet);
        assertTrue(sheet.contains("<t xml:space=\"preserve\">bell</t>"), "control characters dropped: " + sheet);
        assertTrue(sheet.contains("<c r=\"H2\"><v>42</v></c>"), sheet);
        assertTrue(!sheet.contains("G2"), "null cells are left out");
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(sheet.getBytes(StandardCharsets.UTF_8)));
        assertEquals("AA", XlsxTableWriter.column(26));
        assertEquals("AZ", XlsxTableWriter.column(51));
        assertEquals("BA", XlsxTableWriter.column(52));
    }
}
