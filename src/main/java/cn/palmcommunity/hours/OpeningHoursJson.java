package cn.palmcommunity.hours;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "OpeningHours", description = "Weekly opening hours with a public-holiday rule; days without a rule are closed")
public record OpeningHoursJson(
        @Schema(example = "false", description = "Open around the clock, holidays included; weekly must then be empty") boolean alwaysOpen,
        @Schema(example = "[{\"days\":[\"MO\",\"TU\",\"WE\",\"TH\",\"FR\"],\"opens\":\"08:00\",\"closes\":\"18:00\"},{\"days\":[\"SA\"],\"opens\":\"09:00\",\"closes\":\"12:00\"}]", description = "Weekly rules; days without any rule are closed") List<WeeklyRuleJson> weekly,
        @Schema(example = "closed", enumeration = {"as-usual", "closed", "own"}, description = "On public holidays: as on that weekday, closed, or the own holidayIntervals") String holidays,
        @Schema(example = "[]", description = "Hours on public holidays when holidays is own") List<IntervalJson> holidayIntervals) {
}
