package cn.palmcommunity.resident;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A resident claims their record: ID number, name and the phone the community has on file must all
 * match. (Where the WeChat real-name check is available it replaces this.)
 */
@Schema(name = "RecordLinkRequest")
public record RecordLinkRequest(
        @Schema(example = "37020319460308123X") String idNumber,
        @Schema(example = "王秀英") String name,
        @Schema(example = "13812345678") String phone) {
}
