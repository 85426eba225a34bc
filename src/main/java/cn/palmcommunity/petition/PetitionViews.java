package cn.palmcommunity.petition;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the petition endpoints answer. Residents get their own view, without internal notes. */
public final class PetitionViews {

    private PetitionViews() {
    }

    @Schema(name = "Point", description = "WGS-84")
    public record Point(@Schema(example = "36.0859") double latitude, @Schema(example = "120.3698") double longitude) {
    }

    @Schema(name = "TimelineEntry")
    public record TimelineEntry(
            @Schema(example = "2026-11-23T09:30:00+08:00") OffsetDateTime at,
            @Schema(example = "ACCEPT") String action,
            @Schema(example = "SUBMITTED") String fromStatus,
            @Schema(example = "ACCEPTED") String toStatus,
            @Schema(example = "已受理") String note,
            @Schema(example = "COMMUNITY_WORKER") String actorRole,
            @Schema(example = "false", description = "Internal notes; never in a resident's view") Boolean internal) {
    }

    @Schema(name = "Petition", description = "A petition as handlers see it")
    public record Petition(
            @Schema(example = "1024") long id,
            @Schema(example = "MINI_PROGRAM") String channel,
            @Schema(example = "NOISE") String categoryCode,
            @Schema(example = "噪音扰民") String categoryName,
            @Schema(example = "ACCEPTED") String status,
            @Schema(example = "楼下烧烤店每晚十二点后仍很吵") String text,
            @Schema(example = "false") boolean anonymous,
            @Schema(example = "居民", description = "Absent when the reporter chose anonymity") String reporterName,
            @Schema(example = "138****1234") String contactPhoneMasked,
            Point location,
            @Schema(example = "合肥路17号2单元") String address,
            @Schema(example = "12") long communityId,
            @Schema(example = "合肥路社区") String communityName,
            @Schema(example = "71") Long gridId,
            @Schema(example = "2026-11-23T08:12:00+08:00") OffsetDateTime submittedAt,
            @Schema(example = "2026-11-24T08:12:00+08:00") OffsetDateTime acceptDueAt,
            @Schema(example = "2026-11-23T09:30:00+08:00") OffsetDateTime acceptedAt,
            @Schema(example = "29") Long handlerId,
            @Schema(example = "GRID") String dispatchTargetType,
            @Schema(example = "71") String dispatchTarget,
            @Schema(example = "2026-11-30T09:30:00+08:00") OffsetDateTime resolveDueAt,
            @Schema(example = "2026-11-25T16:00:00+08:00") OffsetDateTime resolvedAt,
            @Schema(example = "已与店主沟通") String resultText,
            @Schema(example = "5") Integer rating,
            @Schema(example = "满意") String ratingComment,
            @Schema(example = "true") boolean overdue,
            @Schema(example = "COMMUNITY") String escalationLevel,
            @Schema(example = "1") int urgeCount,
            @Schema(example = "false") boolean supervised,
            @Schema(example = "3") int cosigners,
            @Schema(example = "1000") Long mergedInto,
            @Schema(example = "不属于社区职责范围") String rejectReason,
            @Schema(example = "0") int reopenCount,
            @Schema(example = "2", description = "Send it back with the next action (optimistic locking)") int version,
            @Schema(example = "[\"3f2b8c4e-1d2a-4c55-9a7e-0b6f3f0c2d11\"]", description = "GET /api/petitions/{id}/photos/{photoId}") List<String> photoIds,
            @Schema(example = "[]", description = "Photos sent back with the result") List<String> resultPhotoIds,
            List<TimelineEntry> timeline) {
    }

    @Schema(name = "MyPetition", description = "A petition as its reporter or a co-signer sees it")
    public record MyPetition(
            @Schema(example = "1024") long id,
            @Schema(example = "NOISE") String categoryCode,
            @Schema(example = "噪音扰民") String categoryName,
            @Schema(example = "RESOLVED") String status,
            @Schema(example = "楼下烧烤店每晚十二点后仍很吵") String text,
            @Schema(example = "合肥路17号2单元") String address,
            @Schema(example = "2026-11-23T08:12:00+08:00") OffsetDateTime submittedAt,
            @Schema(example = "已与店主沟通，晚十点后停止营业", description = "The answer") String resultText,
            @Schema(example = "4") Integer rating,
            @Schema(example = "true", description = "False when you co-signed someone else's petition") boolean reporter,
            @Schema(example = "true") boolean canRate,
            @Schema(example = "2026-12-02T16:00:00+08:00", description = "Until when you may reopen it") OffsetDateTime reopenUntil,
            @Schema(example = "1000", description = "Set when it was merged into another petition you now follow") Long mergedInto,
            @Schema(example = "[\"3f2b8c4e-1d2a-4c55-9a7e-0b6f3f0c2d11\"]", description = "GET /api/petitions/mine/{id}/photos/{photoId}") List<String> photoIds,
            @Schema(example = "[]", description = "Photos sent back with the result") List<String> resultPhotoIds,
            List<TimelineEntry> timeline) {
    }

    @Schema(name = "PetitionSummary", description = "One line of an inbox")
    public record Summary(
            @Schema(example = "1024") long id,
            @Schema(example = "NOISE") String categoryCode,
            @Schema(example = "ACCEPTED") String status,
            @Schema(example = "楼下烧烤店每晚十二点后仍很吵") String excerpt,
            @Schema(example = "MINI_PROGRAM") String channel,
            @Schema(example = "12") long communityId,
            @Schema(example = "71") Long gridId,
            @Schema(example = "2026-11-23T08:12:00+08:00") OffsetDateTime submittedAt,
            @Schema(example = "2026-11-24T08:12:00+08:00") OffsetDateTime acceptDueAt,
            @Schema(example = "2026-11-30T09:30:00+08:00") OffsetDateTime resolveDueAt,
            @Schema(example = "false") boolean overdue,
            @Schema(example = "COMMUNITY") String escalationLevel,
            @Schema(example = "0") int urgeCount,
            @Schema(example = "29") Long handlerId,
            @Schema(example = "2") int version) {
    }

    @Schema(name = "PetitionSummaryPage", description = "Newest first; pass nextCursor as cursor for the next page")
    public record SummaryPage(List<Summary> items, @Schema(example = "1003", description = "Absent on the last page") Long nextCursor) {
    }

    @Schema(name = "MyPetitionPage", description = "Newest first; pass nextCursor as cursor for the next page")
    public record MyPage(List<MyPetition> items, @Schema(example = "1003", description = "Absent on the last page") Long nextCursor) {
    }

    @Schema(name = "NearbyPetition", description = "An open petition near you: is yours the same?")
    public record Nearby(
            @Schema(example = "1024") long id,
            @Schema(example = "NOISE") String categoryCode,
            @Schema(example = "ACCEPTED") String status,
            @Schema(example = "楼下烧烤店每晚十二点后仍很吵") String excerpt,
            @Schema(example = "2026-11-23T08:12:00+08:00") OffsetDateTime submittedAt,
            @Schema(example = "85") int distanceMetres,
            @Schema(example = "3") int cosigners) {
    }
}
