package cn.palmcommunity.export;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Streams a keyset-paged query as one CSV or XLSX table: header, then one chunk of bytes per page,
 * then the writer's ending. Pages are read one after another as the client takes the bytes, so an
 * export of any size holds one page in memory.
 */
public final class PagedExport {

    /** Reads the page of rows whose key is greater than {@code after}, at most {@code size} of them, in key order. */
    @FunctionalInterface
    public interface PageReader<T> {
        Uni<List<T>> page(long after, int size);
    }

    private PagedExport() {
    }

    public static <T> Multi<byte[]> stream(ExportFormat format, List<String> columns, PageReader<T> reader, int pageSize,
                                           ToLongFunction<T> key, Function<T, List<Object>> row) {
        TableWriter writer = format.newWriter();
        AtomicLong after = new AtomicLong();
        Multi<byte[]> rows = Multi.createBy().repeating()
                .uni(() -> after, last -> reader.page(last.get(), pageSize)
                        .invoke(page -> {
                            if (!page.isEmpty()) {
                                last.set(key.applyAsLong(page.get(page.size() - 1)));
                            }
                        }))
                .until(List::isEmpty)
                .map(page -> {
                    List<List<Object>> cells = new ArrayList<>(page.size());
                    for (T item : page) {
                        cells.add(row.apply(item));
                    }
                    return writer.rows(cells);
                });
        return Multi.createBy().concatenating().streams(
                        Multi.createFrom().item(() -> writer.header(columns)),
                        rows,
                        Multi.createFrom().item(writer::finish))
                .filter(bytes -> bytes.length > 0);
    }
}
