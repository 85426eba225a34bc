package cn.palmcommunity.eligibility;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SweepStatus", description = "Progress of this server's latest full eligibility sweep")
public record SweepStatusView(
        @Schema(example = "true") boolean running,
        @Schema(example = "RUNNING", description = "NONE (no sweep since start), RUNNING, SUCCEEDED, FAILED or SKIPPED (another instance held the lock)")
        String outcome,
        @Schema(example = "2026-11-26T01:30:00+08:00") OffsetDateTime startedAt,
        @Schema(example = "2026-11-26T01:30:41+08:00") OffsetDateTime finishedAt,
        @Schema(example = "2026-11-26", description = "The day ages and windows are counted on") LocalDate evaluationDay,
        @Schema(example = "7") int policiesTotal,
        @Schema(example = "3") int policiesDone,
        @Schema(example = "1100000", description = "Residents in the registry when the sweep started") long residents,
        @Schema(example = "3300000", description = "Resident rows evaluated so far, summed over policies") long rowsExamined,
        @Schema(example = "41230") long leadsAdded,
        @Schema(example = "118") long leadsClosed,
        @Schema(example = "7 policies, 7700000 rows examined, 412300 leads added, 118 closed") String detail) {
}
