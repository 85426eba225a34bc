package cn.palmcommunity.petition;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** 共性需求: petitions of one category close together, from several residents, seen as one need. */
@Schema(name = "CommonNeed", description = "A cluster of petitions of one category close together from several reporters")
public record CommonNeed(
        @Schema(example = "NOISE") String categoryCode,
        @Schema(example = "噪音扰民") String categoryName,
        @Schema(description = "Centre of the members, WGS-84") PetitionViews.Point centre,
        @Schema(example = "180", description = "Metres from the centre to the farthest member") int spreadMetres,
        @Schema(example = "6", description = "Member petitions") int members,
        @Schema(example = "5", description = "Distinct reporters: filers (account, else phone) and co-signers") int reporters,
        @Schema(example = "[12, 13]") List<Long> communityIds,
        @Schema(example = "2026-11-02T21:40:00+08:00") OffsetDateTime firstSubmittedAt,
        @Schema(example = "2026-11-22T23:05:00+08:00") OffsetDateTime lastSubmittedAt,
        @Schema(example = "[1031, 1024, 1007]", description = "Member petition ids, newest first, at most 50") List<Long> petitionIds,
        @Schema(example = "{\"SUBMITTED\": 2, \"ACCEPTED\": 3, \"CLOSED\": 1}", description = "Members by status")
        Map<String, Integer> statusCounts) {
}
