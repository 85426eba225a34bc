package cn.palmcommunity.station;

import cn.palmcommunity.hours.OpeningHoursJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the station endpoints answer. Positions are in the coordinate system the request asked for. */
public final class StationViews {

    private StationViews() {
    }

    /** One station in a search result, with its open status at the time of the search. */
    @Schema(name = "StationListItem")
    public record Item(
            @Schema(example = "42") long id,
            @Schema(example = "WARM") StationKind kind,
            @Schema(example = "登州路暖心驿站") String name,
            @Schema(example = "登州路56号") String address,
            @Schema(example = "36.0896") double lat,
            @Schema(example = "120.3712") double lng,
            @Schema(description = "Metres from the search position; absent for searches without one", example = "350") Long distanceMetres,
            @Schema(example = "[\"TOILET\",\"PHONE_CHARGING\"]") List<String> amenities,
            @Schema(example = "true") boolean openNow,
            @Schema(description = "When it closes, if open (absent when open around the clock)", example = "2026-11-05T22:00:00+08:00") OffsetDateTime closesAt,
            @Schema(description = "When it next opens, if closed (absent when not within 8 days)", example = "2026-11-06T07:00:00+08:00") OffsetDateTime opensAt,
            @Schema(description = "Why it is closed, when a temporary closure covers now", example = "供暖设备检修") String closureReason,
            @Schema(description = "OpenStreetMap opening_hours", example = "Mo-Su 07:00-22:00") String openingHours,
            @Schema(description = "Opens walking navigation in AMap (GCJ-02)",
                    example = "https://uri.amap.com/navigation?to=120.3712,36.0896,%E7%99%BB%E5%B7%9E%E8%B7%AF&mode=walk&coordinate=gaode&callnative=1")
            String navigationUrl) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "StationList")
    public record StationList(
            @Schema(description = "The coordinate system of lat/lng", example = "gcj02") String coord,
            List<Item> items,
            @Schema(description = "Bounding-box searches: more stations lie in the box than were returned", example = "false") Boolean truncated) {
    }

    /** RFC 7946: coordinates are WGS-84 [longitude, latitude] whatever the request's coord. */
    @Schema(name = "StationFeatureCollection")
    public record FeatureCollection(
            @Schema(example = "FeatureCollection") String type,
            List<Feature> features) {
    }

    @Schema(name = "StationFeature")
    public record Feature(
            @Schema(example = "Feature") String type,
            @Schema(example = "42") long id,
            Point geometry,
            FeatureProperties properties) {
    }

    @Schema(name = "GeoJsonPoint")
    public record Point(
            @Schema(example = "Point") String type,
            @Schema(description = "[longitude, latitude], WGS-84", example = "[120.3662, 36.0876]") double[] coordinates) {
    }

    @Schema(name = "StationFeatureProperties")
    public record FeatureProperties(
            @Schema(example = "WARM") StationKind kind,
            @Schema(example = "登州路暖心驿站") String name,
            @Schema(example = "登州路56号") String address,
            @Schema(example = "350") Long distanceMetres,
            @Schema(example = "[\"TOILET\",\"PHONE_CHARGING\"]") List<String> amenities,
            @Schema(example = "true") boolean openNow,
            @Schema(example = "2026-11-05T22:00:00+08:00") OffsetDateTime closesAt,
            @Schema(example = "2026-11-06T07:00:00+08:00") OffsetDateTime opensAt,
            @Schema(example = "供暖设备检修") String closureReason,
            @Schema(example = "Mo-Su 07:00-22:00") String openingHours,
            @Schema(example = "https://uri.amap.com/navigation?to=120.3712,36.0896,%E7%99%BB%E5%B7%9E%E8%B7%AF&mode=walk&coordinate=gaode&callnative=1")
            String navigationUrl) {
    }

    /** Everything a rider's detail page shows. */
    @Schema(name = "StationDetail")
    public record Detail(
            @Schema(example = "42") long id,
            @Schema(example = "RIDER_COMPOUND") StationKind kind,
            @Schema(example = "登州路暖心驿站") String name,
            @Schema(example = "登州路56号") String address,
            @Schema(example = "36.0896") double lat,
            @Schema(example = "120.3712") double lng,
            @Schema(example = "gcj02") String coord,
            @Schema(example = "12") long communityId,
            @Schema(example = "南京路社区") String communityName,
            @Schema(example = "0532-83651234") String phone,
            @Schema(example = "一楼临街，进门右手边") String description,
            @Schema(example = "[\"TOILET\",\"PHONE_CHARGING\"]") List<String> amenities,
            @Schema(description = "OpenStreetMap opening_hours", example = "Mo-Fr 08:00-20:00; PH off") String openingHours,
            OpeningHoursJson openingHoursJson,
            @Schema(example = "true") boolean openNow,
            @Schema(example = "2026-11-05T20:00:00+08:00") OffsetDateTime closesAt,
            @Schema(example = "2026-11-06T08:00:00+08:00") OffsetDateTime opensAt,
            @Schema(example = "供暖设备检修") String closureReason,
            @Schema(description = "Current and coming temporary closures") List<ClosureView> closures,
            @Schema(example = "从南门进入后沿主路直行，3号楼在左手边") String entranceGuide,
            @Schema(example = "南门（24小时）") String riderGate,
            @Schema(example = "电动车停放在门口非机动车区，步行进入") String entryRules,
            @Schema(example = "/api/stations/42/photos/0f8e4c1a-7d8b-4f51-9a57-2c6d2b1e9f40") String floorPlanUrl,
            @Schema(example = "劳动争议、交通事故法律咨询") String legalService,
            @Schema(example = "凭骑手证件九折") String discount,
            List<PhotoView> photos,
            @Schema(description = "Check-ins counted this calendar year (China time)", example = "10342") long servedThisYear,
            @Schema(example = "4.6") Double ratingAverage,
            @Schema(example = "87") long ratingCount,
            @Schema(description = "False once closed for good (or until reopened)", example = "true") boolean active,
            @Schema(example = "场地到期，驿站撤销") String closedReason,
            @Schema(example = "https://uri.amap.com/navigation?to=120.3712,36.0896,%E7%99%BB%E5%B7%9E%E8%B7%AF&mode=walk&coordinate=gaode&callnative=1")
            String navigationUrl,
            @Schema(description = "Send back as If-Match (or version) when changing the station", example = "3") int version,
            @Schema(example = "2026-11-05T09:30:00+08:00") OffsetDateTime updatedAt) {
    }

    @Schema(name = "StationClosure")
    public record ClosureView(
            @Schema(example = "7") long id,
            @Schema(example = "2026-12-01T08:00:00+08:00") OffsetDateTime from,
            @Schema(description = "Absent: until further notice", example = "2026-12-03T18:00:00+08:00") OffsetDateTime until,
            @Schema(example = "供暖设备检修") String reason) {
    }

    @Schema(name = "StationPhoto")
    public record PhotoView(
            @Schema(example = "0f8e4c1a-7d8b-4f51-9a57-2c6d2b1e9f40") String id,
            @Schema(example = "/api/stations/42/photos/0f8e4c1a-7d8b-4f51-9a57-2c6d2b1e9f40") String url) {
    }

    @Schema(name = "StationCheckin")
    public record CheckinResult(
            @Schema(example = "42") long stationId,
            @Schema(description = "False when this visitor already checked in here this hour", example = "true") boolean counted,
            @Schema(description = "The clock hour the check-in counts for", example = "2026-11-05T12:00:00+08:00") OffsetDateTime hour,
            @Schema(example = "10343") long servedThisYear) {
    }

    @Schema(name = "StationServed")
    public record Served(
            @Schema(example = "42") long stationId,
            @Schema(example = "month") String period,
            @Schema(example = "2026-01-01") LocalDate from,
            @Schema(description = "Inclusive", example = "2026-12-31") LocalDate to,
            @Schema(example = "10342") long total,
            List<ServedBucket> counts) {
    }

    @Schema(name = "StationServedBucket")
    public record ServedBucket(
            @Schema(description = "2026-11-05, 2026-11 or 2026", example = "2026-11") String period,
            @Schema(example = "912") long count) {
    }

    @Schema(name = "StationRating")
    public record RatingResult(
            @Schema(example = "42") long stationId,
            @Schema(example = "5") int rating,
            @Schema(example = "热水很方便") String comment,
            @Schema(example = "4.6") double ratingAverage,
            @Schema(example = "88") long ratingCount) {
    }

    @Schema(name = "StationProblemReceipt")
    public record ProblemReceipt(
            @Schema(example = "42") long stationId,
            @Schema(description = "The STATION_PROBLEM petition filed for the managing community", example = "1024") long petitionId,
            @Schema(example = "SUBMITTED") String status,
            @Schema(description = "Where a logged-in reporter follows it; absent for anonymous reports", example = "/api/petitions/mine/1024")
            String followUrl) {
    }

    @Schema(name = "Amenity")
    public record AmenityView(
            @Schema(example = "MICROWAVE") String code,
            @Schema(example = "微波炉加热") String nameZh,
            @Schema(example = "Microwave / hot food") String nameEn,
            @Schema(example = "true") boolean active,
            @Schema(example = "60") int sortOrder) {
    }

    @Schema(name = "StationImportReport")
    public record ImportReport(
            @Schema(example = "120") int received,
            @Schema(example = "100") int created,
            @Schema(example = "18") int updated,
            @Schema(example = "2") int failed,
            List<ImportedRow> stored,
            List<ImportError> errors) {
    }

    @Schema(name = "StationImportedRow")
    public record ImportedRow(
            @Schema(description = "1-based record number in the file", example = "3") int row,
            @Schema(example = "SB-WARM-003") String externalId,
            @Schema(example = "42") long id,
            @Schema(example = "true") boolean created) {
    }

    @Schema(name = "StationImportError")
    public record ImportError(
            @Schema(description = "1-based record number (CSV: data rows; GeoJSON: features)", example = "7") int row,
            @Schema(description = "CSV: the line the record starts on", example = "8") Integer line,
            @Schema(example = "SB-WARM-007") String externalId,
            @Schema(example = "openingHours") String field,
            @Schema(example = "unexpected character at position 6") String message) {
    }

    @Schema(name = "ManagedStation")
    public record Managed(
            @Schema(example = "42") long id,
            @Schema(example = "WARM") StationKind kind,
            @Schema(example = "登州路暖心驿站") String name,
            @Schema(example = "登州路56号") String address,
            @Schema(example = "12") long communityId,
            @Schema(example = "SB-WARM-003") String externalId,
            @Schema(example = "true") boolean active,
            @Schema(example = "3") int version,
            @Schema(example = "2026-11-05T09:30:00+08:00") OffsetDateTime updatedAt) {
    }

    @Schema(name = "ManagedStationPage")
    public record ManagedPage(
            List<Managed> items,
            @Schema(description = "Pass as cursor for the next page; absent on the last", example = "40") Long nextCursor) {
    }
}
