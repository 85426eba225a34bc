package cn.palmcommunity.resident.feed;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An upload and how far it has come: counters move batch by batch while the rows stream in. */
@Schema(name = "FeedUpload")
public record FeedUploadView(
        @Schema(example = "42") long id,
        @Schema(example = "DEATH", enumeration = {"BIRTH", "DEATH", "DISABILITY", "LOW_INCOME", "HOUSEHOLD_MOVE", "VETERAN_EMPLOYMENT", "EDUCATION"})
        String feed,
        @Schema(example = "CIVIL_AFFAIRS", description = "The department whose records these are") String source,
        @Schema(example = "CSV", enumeration = {"CSV", "JSONL"}, description = "Set when the rows arrive") String format,
        @Schema(example = "deaths-2026-11.csv") String fileName,
        @Schema(example = "RUNNING", enumeration = {"WAITING", "RUNNING", "DONE", "FAILED"}) String status,
        @Schema(example = "GBK", description = "UTF-8, GBK (converted) or MIXED; set when done") String encoding,
        @Schema(example = "10485760") long bytesRead,
        @Schema(example = "120000", description = "Rows read so far (the header and blank lines not counted)") long rowsRead,
        @Schema(example = "115800", description = "Rows that changed or confirmed a value") long rowsApplied,
        @Schema(example = "1200", description = "Rows already applied by an earlier upload (same record id and version, or older)") long rowsUnchanged,
        @Schema(example = "2400", description = "Rows rejected; see the error report") long rowsRejected,
        @Schema(example = "600", description = "Rows that disagreed with the community's records and wait for a worker") long discrepancies,
        @Schema(example = "the header lacks the column \"death_date\" that DEATH needs") String failure,
        @Schema(example = "2026-11-26T09:00:00+08:00") OffsetDateTime createdAt,
        @Schema(example = "2026-11-26T09:00:05+08:00") OffsetDateTime startedAt,
        @Schema(example = "2026-11-26T09:01:02+08:00") OffsetDateTime finishedAt) {
}
