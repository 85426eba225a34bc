package cn.palmcommunity.export;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark (so that Excel on Chinese Windows reads it as
 * UTF-8 rather than GBK), CRLF line ends. Text starting with = + - @ is prefixed with an apostrophe
 * so that a spreadsheet does not run it as a formula.
 */
public final class CsvTableWriter implements TableWriter {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Override
    public byte[] header(List<String> columns) {
        StringBuilder out = new StringBuilder();
        line(out, List.copyOf(columns));
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, all, 0, BOM.length);
        System.arraycopy(text, 0, all, BOM.length, text.length);
        return all;
    }

    @Override
    public byte[] rows(List<List<Object>> rows) {
        StringBuilder out = new StringBuilder(rows.size() * 80);
        for (List<Object> row : rows) {
            line(out, row);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] finish() {
        return new byte[0];
    }

    private static void line(StringBuilder out, List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object cell = cells.get(i);
            if (cell == null) {
                continue;
            }
            String text = cell.toString();
            if (cell instanceof CharSequence && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
                text = "'" + text;
            }
            if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                out.append('"').append(text.replace("\"", "\"\"")).append('"');
            } else {
                out.append(text);
            }
        }
        out.append("\r\n");
    }
}
