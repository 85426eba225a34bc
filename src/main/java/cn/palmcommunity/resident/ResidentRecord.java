package cn.palmcommunity.resident;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A resident's personal record as the caller may see it: the ID number always masked, the phone
 * whole only for roles that phone residents, and for department staff only the fields and tags of
 * their business (the others are null or left out).
 */
@Schema(name = "ResidentRecord")
public record ResidentRecord(
        @Schema(example = "1024") long id,
        @Schema(example = "王秀英") String name,
        @Schema(example = "370***********123X") String idNumberMasked,
        @Schema(example = "F") String sex,
        @Schema(example = "1946-03-08") LocalDate birthDate,
        @Schema(example = "80") int age,
        @Schema(example = "138****5678", description = "Null when the caller's department may not see phones") String phoneMasked,
        @Schema(example = "13812345678", description = "Only for roles that phone residents (community and grid workers)") String phone,
        @Schema(example = "12") long communityId,
        @Schema(example = "合肥路社区") String communityName,
        @Schema(example = "71") Long gridId,
        @Schema(example = "5") Long compoundId,
        @Schema(example = "合肥路17号院") String compoundName,
        @Schema(example = "2") String building,
        @Schema(example = "1") String unit,
        @Schema(example = "302") String room,
        @Schema(example = "881") Long householdId,
        @Schema(example = "合肥路17号2单元302户") String address,
        @Schema(example = "LIVING", enumeration = {"LIVING", "DECEASED", "MOVED_OUT"}) String livingStatus,
        @Schema(example = "COMMUNITY_SURVEY", description = "Where the record as a whole came from") String source,
        @Schema(description = "Current tags the caller may see") List<ResidentTagView> tags,
        @Schema(description = "Per value: its source, time and who entered it") List<ValueProvenance> provenance) {
}
