package cn.palmcommunity.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A minimal Office Open XML workbook (one sheet, inline strings, no styles) written as a zip
 * stream: the sheet entry is open while rows arrive and each call hands back what the deflater has
 * produced so far. No spreadsheet library, nothing reflective, nothing held beyond one batch.
 */
public final class XlsxTableWriter implements TableWriter {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    private final ZipOutputStream zip = new ZipOutputStream(buffer, StandardCharsets.UTF_8);
    private int rowNumber;

    @Override
    public byte[] header(List<String> columns) {
        try {
            entry("[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                    </Types>""");
            entry("_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                    </Relationships>""");
            entry("xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                    <sheets><sheet name="export" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            entry("xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                    </Relationships>""");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                    + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            write(row(List.copyOf(columns)));
            return drain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] rows(List<List<Object>> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 200);
        for (List<Object> r : rows) {
            out.append(row(r));
        }
        try {
            write(out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    @Override
    public byte[] finish() {
        try {
            write("</sheetData></worksheet>");
            zip.closeEntry();
            zip.finish();
            return drain();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String row(List<?> cells) {
        rowNumber++;
        StringBuilder out = new StringBuilder("<row r=\"").append(rowNumber).append("\">");
        for (int i = 0; i < cells.size(); i++) {
            Object cell = cells.get(i);
            if (cell == null) {
                continue;
            }
            String ref = column(i) + rowNumber;
            if (cell instanceof Number n) {
                out.append("<c r=\"").append(ref).append("\"><v>").append(n).append("</v></c>");
            } else {
                String text = cell instanceof TemporalAccessor ? cell.toString() : String.valueOf(cell);
                out.append("<c r=\"").append(ref).append("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                        .append(escape(text)).append("</t></is></c>");
            }
        }
        return out.append("</row>").toString();
    }

    /** A, B, … Z, AA, AB, … */
    static String column(int index) {
        StringBuilder name = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            name.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return name.toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters; drop them rather than write a broken file.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private void entry(String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        write(content);
        zip.closeEntry();
    }

    private void write(String text) throws IOException {
        zip.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] drain() {
        byte[] bytes = buffer.toByteArray();
        buffer.reset();
        return bytes;
    }
}
