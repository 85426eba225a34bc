package cn.palmcommunity.station;

import cn.palmcommunity.hours.OpeningHoursJson;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What clients send to the station endpoints. */
public final class StationCommands {

    private StationCommands() {
    }

    /**
     * A station as staff create or replace it. Opening hours come either as an OpenStreetMap
     * {@code opening_hours} string or as the structured form, not both. Kind-specific fields are
     * accepted only for their kind.
     */
    @Schema(name = "StationInput")
    public record StationInput(
            @Schema(example = "WARM") @NotNull StationKind kind,
            @Schema(example = "登州路暖心驿站") @NotBlank @Size(max = 100) String name,
            @Schema(example = "登州路56号") @Size(max = 200) String address,
            @Schema(description = "Latitude in the coord system", example = "36.0896") @NotNull Double lat,
            @Schema(description = "Longitude in the coord system", example = "120.3712") @NotNull Double lng,
            @Schema(description = "gcj02 (default: WeChat maps) or wgs84", example = "gcj02") String coord,
            @Schema(description = "The managing community; found from the position when absent", example = "12") Long communityId,
            @Schema(example = "0532-83651234") @Size(max = 40) String phone,
            @Schema(example = "一楼临街，进门右手边") @Size(max = 2000) String description,
            @Schema(description = "Amenity codes from /api/stations/amenities", example = "[\"TOILET\",\"PHONE_CHARGING\",\"MICROWAVE\"]")
            @Size(max = 30) List<@NotBlank String> amenities,
            @Schema(description = "OpenStreetMap opening_hours", example = "Mo-Fr 08:00-20:00; Sa,Su 09:00-18:00; PH off")
            @Size(max = 500) String openingHours,
            @Schema(description = "The same hours in structured form (instead of openingHours)") @Valid OpeningHoursJson openingHoursJson,
            @Schema(description = "RIDER_COMPOUND: how to find the way in", example = "从南门进入后沿主路直行，3号楼在左手边")
            @Size(max = 2000) String entranceGuide,
            @Schema(description = "RIDER_COMPOUND: the gate riders may use", example = "南门（24小时）") @Size(max = 200) String riderGate,
            @Schema(description = "RIDER_COMPOUND: rules for entering", example = "电动车停放在门口非机动车区，步行进入") @Size(max = 2000) String entryRules,
            @Schema(description = "LEGAL_AID: the service offered", example = "劳动争议、交通事故法律咨询") @Size(max = 500) String legalService,
            @Schema(description = "EATERY: the discount for riders", example = "凭骑手证件九折，免费加饭") @Size(max = 200) String discount,
            @Schema(description = "PUT only: the version read (or send If-Match)", example = "3") @Min(0) Integer version) {
    }

    @Schema(name = "StationClose")
    public record Close(
            @Schema(example = "场地到期，驿站撤销") @NotBlank @Size(max = 200) String reason) {
    }

    @Schema(name = "StationClosureInput")
    public record ClosureInput(
            @Schema(example = "2026-12-01T08:00:00+08:00") @NotNull OffsetDateTime from,
            @Schema(description = "Absent: until further notice", example = "2026-12-03T18:00:00+08:00") OffsetDateTime until,
            @Schema(example = "供暖设备检修") @NotBlank @Size(max = 200) String reason) {
    }

    @Schema(name = "StationRatingInput")
    public record RatingInput(
            @Schema(example = "5") @NotNull @Min(1) @Max(5) Integer rating,
            @Schema(example = "热水很方便，工作人员很热情") @Size(max = 500) String comment) {
    }

    @Schema(name = "StationProblemInput")
    public record ProblemInput(
            @Schema(example = "充电柜第二排插座坏了，插上没有电") @NotBlank @Size(max = 1000) String text,
            @Schema(description = "How the community may call back (optional)", example = "13912345678")
            @Pattern(regexp = "1[3-9][0-9]{9}", message = "must be an 11-digit mobile number") String contactPhone) {
    }

    @Schema(name = "AmenityInput")
    public record AmenityInput(
            @Schema(description = "POST only; UPPER_SNAKE_CASE", example = "UMBRELLA")
            @Pattern(regexp = "[A-Z][A-Z0-9_]{1,39}", message = "must be UPPER_SNAKE_CASE, 2-40 characters") String code,
            @Schema(example = "爱心雨伞") @NotBlank @Size(max = 20) String nameZh,
            @Schema(example = "Umbrella loan") @NotBlank @Size(max = 60) String nameEn,
            @Schema(example = "true") Boolean active,
            @Schema(example = "120") @Min(0) @Max(10000) Integer sortOrder) {
    }
}
