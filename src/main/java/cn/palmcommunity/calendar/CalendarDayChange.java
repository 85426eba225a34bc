package cn.palmcommunity.calendar;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CalendarDayChange", description = "What a day is to become: a holiday, or a weekend day that is worked")
public record CalendarDayChange(
        @Schema(example = "WORKDAY") @NotNull CalendarDayKind kind,
        @Schema(example = "国庆节调休上班") @NotBlank @Size(max = 40) String name) {
}
