package cn.palmcommunity.petition;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request bodies of the petition endpoints. Worker actions carry the version they saw. */
public final class PetitionCommands {

    private PetitionCommands() {
    }

    /** A point as the phone reports it; WeChat's map gives GCJ-02, stored as WGS-84. */
    @Schema(name = "LocationInput")
    public record LocationInput(
            @Schema(example = "36.0871") @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @Schema(example = "120.3745") @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude,
            @Schema(example = "GCJ02", description = "GCJ02 (WeChat map, default) or WGS84") @Pattern(regexp = "(?i)gcj02|wgs84",
                    message = "must be GCJ02 or WGS84") String coord) {
    }

    @Schema(name = "NewPetition", description = "A resident's or rider's petition")
    public record NewPetition(
            @Schema(example = "NOISE") @NotBlank @Size(max = 40) String categoryCode,
            @Schema(example = "楼下烧烤店每晚十二点后仍很吵") @NotBlank @Size(max = 2000) String text,
            @Valid LocationInput location,
            @Schema(example = "12", description = "Needed when there is no location to derive it from") @Positive Long communityId,
            @Schema(example = "合肥路17号2单元") @Size(max = 200) String address,
            @Schema(example = "false", description = "Hide the reporter's identity from handlers") boolean anonymous,
            @Schema(example = "13800001234") @Pattern(regexp = "1[3-9]\\d{9}", message = "must be an 11-digit mainland mobile number") String contactPhone) {
    }

    @Schema(name = "WorkerEntry", description = "A petition recorded by a worker on a grid patrol or a community self-check")
    public record WorkerEntry(
            @Schema(example = "GRID_PATROL", enumeration = {"GRID_PATROL", "SELF_CHECK"}) @NotNull Channel channel,
            @Schema(example = "SAFETY_HAZARD") @NotBlank @Size(max = 40) String categoryCode,
            @Schema(example = "3号楼楼道堆放杂物堵塞消防通道") @NotBlank @Size(max = 2000) String text,
            @Valid LocationInput location,
            @Schema(example = "12") @NotNull @Positive Long communityId,
            @Schema(example = "71") @Positive Long gridId,
            @Schema(example = "合肥路17号3号楼") @Size(max = 200) String address) {
    }

    @Schema(name = "Accept")
    public record Accept(@Schema(example = "0") @NotNull @PositiveOrZero Integer version,
                         @Schema(example = "已受理，今天下午上门查看") @Size(max = 500) String note) {
    }

    @Schema(name = "Dispatch", description = "派单: to a grid (target = grid id), a department (its code) or the property company (its name)")
    public record Dispatch(@Schema(example = "1") @NotNull @PositiveOrZero Integer version,
                           @Schema(example = "GRID") @NotNull DispatchTarget targetType,
                           @Schema(example = "71") @NotBlank @Size(max = 100) String target,
                           @Schema(example = "2026-11-27T18:00:00+08:00", description = "Defaults to the category's resolution limit") OffsetDateTime dueAt,
                           @Schema(example = "请网格员核实") @Size(max = 500) String note) {
    }

    @Schema(name = "Start")
    public record Start(@Schema(example = "2") @NotNull @PositiveOrZero Integer version,
                        @Schema(example = "已到现场") @Size(max = 500) String note) {
    }

    @Schema(name = "Resolve")
    public record Resolve(@Schema(example = "3") @NotNull @PositiveOrZero Integer version,
                          @Schema(example = "已与店主沟通，晚十点后停止营业") @NotBlank @Size(max = 2000) String resultText) {
    }

    @Schema(name = "PhoneVisit", description = "A worker-recorded return visit (回访) by phone")
    public record PhoneVisit(@Schema(example = "4") @NotNull @PositiveOrZero Integer version,
                             @Schema(example = "5") @NotNull @Min(1) @Max(5) Integer rating,
                             @Schema(example = "居民表示满意") @Size(max = 500) String comment) {
    }

    @Schema(name = "Close")
    public record Close(@Schema(example = "5") @NotNull @PositiveOrZero Integer version,
                        @Schema(example = "办结") @Size(max = 500) String note) {
    }

    @Schema(name = "Reject")
    public record Reject(@Schema(example = "0") @NotNull @PositiveOrZero Integer version,
                         @Schema(example = "不属于社区职责范围，已告知居民拨打12345") @NotBlank @Size(max = 500) String reason) {
    }

    @Schema(name = "Merge", description = "Merge this petition into another open one; its reporter becomes a co-signer there")
    public record Merge(@Schema(example = "0") @NotNull @PositiveOrZero Integer version,
                        @Schema(example = "1024") @NotNull @Positive Long intoId,
                        @Schema(example = "与1024号为同一问题") @Size(max = 500) String note) {
    }

    @Schema(name = "Extend", description = "One extension of the resolution limit, with a reason")
    public record Extend(@Schema(example = "1") @NotNull @PositiveOrZero Integer version,
                         @Schema(example = "5") @NotNull @Min(1) @Max(60) Integer workingDays,
                         @Schema(example = "需等待燃气公司排期") @NotBlank @Size(max = 500) String reason) {
    }

    @Schema(name = "Urge", description = "催办 or 督办 from a level above")
    public record Urge(@Schema(example = "请尽快处理，居民多次来电") @Size(max = 500) String note) {
    }

    @Schema(name = "Rating", description = "The resident's rating of the outcome (回访)")
    public record Rating(@Schema(example = "4") @NotNull @Min(1) @Max(5) Integer rating,
                         @Schema(example = "处理及时") @Size(max = 500) String comment) {
    }

    @Schema(name = "Reopen", description = "Not solved: reopen within 7 days of the resolution")
    public record Reopen(@Schema(example = "晚上依旧很吵") @NotBlank @Size(max = 500) String reason) {
    }
}
