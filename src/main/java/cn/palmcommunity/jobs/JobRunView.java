package cn.palmcommunity.jobs;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "JobRun", description = "One run of a scheduled job, on whichever instance held its lock")
public record JobRunView(
        @Schema(example = "1284") long id,
        @Schema(example = "petition-escalation") String job,
        @Schema(example = "2026-03-02T01:00:00Z") OffsetDateTime startedAt,
        @Schema(example = "2026-03-02T01:00:02Z", description = "Absent while running, or when the instance died mid-run") OffsetDateTime finishedAt,
        @Schema(example = "SUCCEEDED") JobOutcome outcome,
        @Schema(example = "escalated 3 overdue petitions") String detail,
        @Schema(example = "palm-7d9f-2:41") String instance) {
}
