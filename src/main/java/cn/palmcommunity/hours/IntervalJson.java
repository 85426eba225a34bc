package cn.palmcommunity.hours;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "OpeningInterval", description = "Open from opens to closes; a closing time at or before the opening time runs past midnight")
public record IntervalJson(
        @Schema(example = "10:00", description = "HH:MM, 00:00 to 23:59") String opens,
        @Schema(example = "16:00", description = "HH:MM, 00:00 to 24:00") String closes) {
}
