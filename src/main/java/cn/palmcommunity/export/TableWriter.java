package cn.palmcommunity.export;

import java.util.List;

/**
 * Writes a table piece by piece so that an export is streamed, never held whole: each call
 * answers the bytes ready to send. Cells are strings, numbers, dates or null.
 */
public interface TableWriter {

    byte[] header(List<String> columns);

    byte[] rows(List<List<Object>> rows);

    byte[] finish();
}
