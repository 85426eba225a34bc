package cn.palmcommunity.resident;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One resident in a list or export: masked, and cut to the caller's fields. */
@Schema(name = "ResidentListItem")
public record ResidentListItem(
        @Schema(example = "1024") long id,
        @Schema(example = "王秀英") String name,
        @Schema(example = "370***********123X") String idNumberMasked,
        @Schema(example = "F") String sex,
        @Schema(example = "1976-03-08") LocalDate birthDate,
        @Schema(example = "50") int age,
        @Schema(example = "138****5678", description = "Whole only for roles that phone residents; null when not your business") String phone,
        @Schema(example = "12") long communityId,
        @Schema(example = "合肥路社区") String communityName,
        @Schema(example = "71") Long gridId,
        @Schema(example = "合肥路17号院") String compoundName,
        @Schema(example = "合肥路17号2单元302户", description = "Null when not your business") String address,
        @Schema(example = "LIVING") String livingStatus,
        @Schema(example = "[\"AGED_LIVING_ALONE\"]", description = "Current tags you may see") List<String> tags) {
}
