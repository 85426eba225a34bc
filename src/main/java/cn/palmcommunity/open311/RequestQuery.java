package cn.palmcommunity.open311;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.petition.PetitionStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The filters of GET requests. service_request_id overrides all others; otherwise the
 * requested_datetime window defaults to the last 90 days and may not span more than 90 days.
 */
record RequestQuery(List<Long> ids, List<String> serviceCodes, OffsetDateTime from, OffsetDateTime to, Set<PetitionStatus> statuses) {

    static final Duration MAX_SPAN = Duration.ofDays(90);

    static RequestQuery parse(String ids, String serviceCodes, String startDate, String endDate, String status, OffsetDateTime now) {
        List<String> idList = list(ids);
        if (!idList.isEmpty()) {
            List<Long> numeric = new ArrayList<>();
            for (String id : idList) {
                // Our ids are numbers; any other id names no request, so it simply matches nothing.
                if (id.matches("\\d{1,18}")) {
                    numeric.add(Long.parseLong(id));
                }
            }
            return new RequestQuery(numeric, null, null, null, null);
        }
        OffsetDateTime start = date("start_date", startDate);
        OffsetDateTime end = date("end_date", endDate);
        if (end == null) {
            end = start == null ? now : start.plus(MAX_SPAN);
        }
        if (start == null) {
            start = end.minus(MAX_SPAN);
        }
        if (start.isAfter(end)) {
            throw Open311Exception.badRequest("start_date is after end_date");
        }
        if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
            throw Open311Exception.badRequest("start_date and end_date may not span more than 90 days");
        }
        List<String> codes = list(serviceCodes);
        return new RequestQuery(null, codes.isEmpty() ? null : codes, start, end, statuses(list(status)));
    }

    boolean byIds() {
        return ids != null;
    }

    String[] statusNames() {
        return statuses == null ? null : statuses.stream().map(Enum::name).toArray(String[]::new);
    }

    private static Set<PetitionStatus> statuses(List<String> given) {
        if (given.isEmpty()) {
            return null;
        }
        Set<PetitionStatus> out = EnumSet.noneOf(PetitionStatus.class);
        for (String s : given) {
            switch (s) {
                case "open" -> out.addAll(PetitionStatus.OPEN);
                case "closed" -> out.addAll(EnumSet.complementOf(EnumSet.copyOf(PetitionStatus.OPEN)));
                default -> throw Open311Exception.badRequest("status must be open or closed, not " + s);
            }
        }
        return out;
    }

    /** A W3C date-time with its zone (2026-11-01T00:00:00+08:00, …Z), or a plain date taken as midnight in China. */
    static OffsetDateTime date(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        // An unencoded '+' in a query string arrives as a space.
        String text = raw.strip().replace(' ', '+');
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ChinaTime.CHINA).toOffsetDateTime();
            } catch (DateTimeParseException notDate) {
                throw Open311Exception.badRequest(name + " must be a W3C date-time with a time zone, e.g. 2026-11-01T00:00:00+08:00");
            }
        }
    }

    private static List<String> list(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
