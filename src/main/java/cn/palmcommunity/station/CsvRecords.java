package cn.palmcommunity.station;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (a quote inside written twice,
 * line breaks allowed inside quotes), CRLF or LF line ends, a UTF-8 byte-order mark tolerated (Excel
 * writes one). Each record remembers the line it starts on, for error reports.
 */
final class CsvRecords {

    record Record(int line, List<String> fields) {
    }

    /** Thrown for a quote left open or text after a closing quote; names the line. */
    static final class MalformedCsv extends RuntimeException {
        final int line;

        MalformedCsv(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private CsvRecords() {
    }

    static List<Record> parse(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean afterQuote = false;
        boolean any = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                    afterQuote = true;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                any = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || !field.isEmpty() || afterQuote) {
                    fields.add(field.toString());
                    records.add(new Record(recordLine, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                afterQuote = false;
                any = false;
                line++;
                recordLine = line;
            } else if (c == '"' && field.isEmpty() && !afterQuote) {
                quoted = true;
                any = true;
            } else if (afterQuote) {
                throw new MalformedCsv(line, "text after a closing quote");
            } else {
                field.append(c);
                any = true;
            }
            i++;
        }
        if (quoted) {
            throw new MalformedCsv(recordLine, "a quoted field is not closed");
        }
        if (any || !field.isEmpty() || afterQuote) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }
}
