package cn.palmcommunity.hours;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "WeeklyOpeningRule", description = "One opening interval on each of the listed weekdays; several rules on one day add up")
public record WeeklyRuleJson(
        @Schema(example = "[\"MO\",\"TU\",\"WE\",\"TH\",\"FR\"]", description = "Weekdays MO, TU, WE, TH, FR, SA, SU") List<String> days,
        @Schema(example = "08:00", description = "HH:MM, 00:00 to 23:59") String opens,
        @Schema(example = "18:00", description = "HH:MM, 00:00 to 24:00; at or before opens means past midnight (22:00-02:00 belongs to the day it opens)") String closes) {
}
