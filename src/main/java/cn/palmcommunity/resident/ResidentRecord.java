package cn.palmcommunity.resident;

import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A resident's personal record as a worker sees it; the ID number is always masked. */
@Schema(name = "ResidentRecord")
public record ResidentRecord(
        @Schema(example = "1024") long id,
        @Schema(example = "王秀英") String name,
        @Schema(example = "370***********123X") String idNumberMasked,
        @Schema(example = "F") String sex,
        @Schema(example = "1946-03-08") LocalDate birthDate,
        @Schema(example = "80") int age,
        @Schema(example = "138****5678") String phoneMasked,
        @Schema(example = "12") long communityId,
        @Schema(example = "合肥路社区") String communityName,
        @Schema(example = "71") Long gridId,
        @Schema(example = "合肥路17号2单元302户") String address,
        @Schema(example = "LIVING") String livingStatus) {
}
