package cn.palmcommunity.export;

import cn.palmcommunity.error.ProblemException;
import java.util.List;

/** The table formats an export can be downloaded in. */
public enum ExportFormat {
    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** A writer for one export; feed it the header, then rows, then finish. */
    public TableWriter newWriter() {
        return this == CSV ? new CsvTableWriter() : new XlsxTableWriter();
    }

    /** {@code csv} or {@code xlsx}, case-insensitive; anything else is 400 naming the parameter. */
    public static ExportFormat fromQuery(String parameter, String raw) {
        if (raw == null || raw.isBlank()) {
            return CSV;
        }
        for (ExportFormat f : values()) {
            if (f.extension.equalsIgnoreCase(raw.strip())) {
                return f;
            }
        }
        throw ProblemException.invalidField(parameter, "must be one of " + List.of("csv", "xlsx"));
    }
}
