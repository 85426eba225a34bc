package cn.palmcommunity.resident;

import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A resident entered into the registry. Sex and birth date may be left out (they follow from the
 * ID number); when given they must agree with it. The compound fixes community and grid.
 */
@Schema(name = "NewResident")
public record NewResident(
        @Schema(example = "37020319460308123X") String idNumber,
        @Schema(example = "王秀英") String name,
        @Schema(example = "F", description = "Must agree with the ID number's 17th digit") String sex,
        @Schema(example = "1946-03-08", description = "Must agree with the ID number") LocalDate birthDate,
        @Schema(example = "13812345678") String phone,
        @Schema(example = "5") Long compoundId,
        @Schema(example = "2") String building,
        @Schema(example = "1") String unit,
        @Schema(example = "302") String room,
        @Schema(example = "HEAD", enumeration = {"HEAD", "SPOUSE", "CHILD", "PARENT", "GRANDCHILD", "OTHER"}) String relationToHead,
        @Schema(example = "LIVING", enumeration = {"LIVING", "DECEASED", "MOVED_OUT"}) String livingStatus,
        @Schema(example = "COMMUNITY_SURVEY", enumeration = {"COMMUNITY_SURVEY", "SELF_REPORT"},
                description = "Department feeds enter through their own upload") String source) {
}
