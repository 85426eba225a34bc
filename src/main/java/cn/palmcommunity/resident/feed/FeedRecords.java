package cn.palmcommunity.resident.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns text lines into records (column name to text) for one feed kind: CSV with a header line
 * (RFC 4180 quoting: a quoted field may hold commas, doubled quotes and line breaks) or JSON lines
 * (one object per line). Blank lines are skipped. A line that cannot be a record goes to the error
 * callback with its reason; the header decides the whole upload, so a bad header throws.
 */
final class FeedRecords implements FeedText.Lines {

    interface Sink {
        void record(long row, Map<String, String> fields);

        void rejected(RowError error);
    }

    enum Format { CSV, JSONL }

    private static final int MAX_RECORD_CHARS = 16_384;

    private final Format format;
    private final FeedKind kind;
    private final ObjectMapper json;
    private final Sink sink;
    private List<String> columns;
    private StringBuilder open;
    private long openRow;
    private long records;

    FeedRecords(Format format, FeedKind kind, ObjectMapper json, Sink sink) {
        this.format = format;
        this.kind = kind;
        this.json = json;
        this.sink = sink;
    }

    long records() {
        return records;
    }

    @Override
    public void line(long number, String text) {
        if (format == Format.JSONL) {
            jsonLine(number, text);
            return;
        }
        if (open != null) {
            if (isWholeRecord(text)) {
                // A stray quote, not a value with a line break: the open record is malformed, this line is a record of its own.
                open = null;
                records++;
                sink.rejected(new RowError(openRow, null, "line", "malformed CSV: a quoted field is never closed"));
                csvRecord(number, text);
                return;
            }
            open.append('\n').append(text);
            if (open.length() > MAX_RECORD_CHARS) {
                open = null;
                records++;
                sink.rejected(new RowError(openRow, null, "line", "malformed CSV: a quoted field is never closed"));
                return;
            }
            String joined = open.toString();
            if (quotesBalanced(joined)) {
                open = null;
                csvRecord(openRow, joined);
            }
            return;
        }
        if (text.isBlank()) {
            return;
        }
        if (!quotesBalanced(text)) {
            open = new StringBuilder(text);
            openRow = number;
            return;
        }
        csvRecord(number, text);
    }

    @Override
    public void unreadable(long number, String reason) {
        if (open != null) {
            open = null;
            records++;
            sink.rejected(new RowError(openRow, null, "line", "malformed CSV: a quoted field is never closed"));
        }
        if (columns == null && format == Format.CSV) {
            throw new FeedText.UnreadableUpload("the header line cannot be read: " + reason);
        }
        records++;
        sink.rejected(new RowError(number, null, "line", reason));
    }

    /** At the end of the stream: a record still open is malformed; an upload without a header says so. */
    void finish() {
        if (open != null) {
            records++;
            sink.rejected(new RowError(openRow, null, "line", "malformed CSV: a quoted field is never closed"));
            open = null;
        }
    }

    private void csvRecord(long row, String text) {
        List<String> cells;
        try {
            cells = splitCsv(text);
        } catch (IllegalArgumentException e) {
            if (columns == null) {
                throw new FeedText.UnreadableUpload("the header line is not CSV: " + e.getMessage());
            }
            records++;
            sink.rejected(new RowError(row, null, "line", "malformed CSV: " + e.getMessage()));
            return;
        }
        if (columns == null) {
            header(cells);
            return;
        }
        records++;
        if (cells.size() != columns.size()) {
            sink.rejected(new RowError(row, cells.isEmpty() ? null : blankToNull(cells.get(0)), "line",
                    "malformed CSV: expected " + columns.size() + " fields, found " + cells.size()
                            + (cells.size() > columns.size() ? " (a comma inside a value needs quotes)" : "")));
            return;
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String value = blankToNull(cells.get(i));
            if (value != null) {
                fields.put(columns.get(i), value);
            }
        }
        sink.record(row, fields);
    }

    private void header(List<String> cells) {
        List<String> names = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>(FeedKind.COMMON);
        known.addAll(kind.required());
        known.addAll(kind.optional());
        for (String cell : cells) {
            String name = cell.strip().toLowerCase(java.util.Locale.ROOT);
            if (!known.contains(name)) {
                throw new FeedText.UnreadableUpload("unknown column \"" + cell.strip() + "\" for " + kind + " (columns: " + known + ")");
            }
            if (names.contains(name)) {
                throw new FeedText.UnreadableUpload("column \"" + name + "\" appears twice");
            }
            names.add(name);
        }
        for (String needed : requiredColumns()) {
            if (!names.contains(needed)) {
                throw new FeedText.UnreadableUpload("the header lacks the column \"" + needed + "\" that " + kind + " needs");
            }
        }
        columns = names;
    }

    private List<String> requiredColumns() {
        List<String> all = new ArrayList<>(FeedKind.COMMON);
        all.addAll(kind.required());
        return all;
    }

    private void jsonLine(long number, String text) {
        if (text.isBlank()) {
            return;
        }
        records++;
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            sink.rejected(new RowError(number, null, "line", "not a JSON object: " + e.getOriginalMessage()));
            return;
        }
        if (node == null || !node.isObject()) {
            sink.rejected(new RowError(number, null, "line", "not a JSON object"));
            return;
        }
        Map<String, String> fields = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (value.isContainerNode()) {
                sink.rejected(new RowError(number, text(node, "record_id"), field.getKey(), "must be a plain value, not an object or array"));
                return;
            }
            String textValue = blankToNull(value.asText());
            if (textValue != null) {
                fields.put(field.getKey(), textValue);
            }
        }
        sink.record(number, fields);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isContainerNode() ? null : value.asText();
    }

    /** A line that on its own is a complete record with the header's number of fields. */
    private boolean isWholeRecord(String text) {
        if (columns == null || !quotesBalanced(text)) {
            return false;
        }
        try {
            return splitCsv(text).size() == columns.size();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean quotesBalanced(String text) {
        int quotes = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 0;
    }

    /** One CSV record's fields; a quote may open a field only at its start and must close it before a comma. */
    static List<String> splitCsv(String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (true) {
            cell.setLength(0);
            // Blanks before an opening quote are allowed (" , \"a,b\"").
            int start = i;
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("a quoted field is never closed");
                    }
                    char c = text.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    cell.append(c);
                    i++;
                }
                while (i < n && text.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && text.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote in field " + (cells.size() + 1));
                }
            } else {
                i = start;
                while (i < n && text.charAt(i) != ',') {
                    char c = text.charAt(i);
                    if (c == '"') {
                        throw new IllegalArgumentException("a quote inside an unquoted field " + (cells.size() + 1));
                    }
                    cell.append(c);
                    i++;
                }
            }
            cells.add(cell.toString());
            if (i >= n) {
                return cells;
            }
            i++; // the comma
        }
    }

    private static String blankToNull(String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
