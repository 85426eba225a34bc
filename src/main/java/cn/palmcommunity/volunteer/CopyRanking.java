package cn.palmcommunity.volunteer;

import cn.palmcommunity.calendar.ChinaTime;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ranking {@link Matching} describes, worked out on a {@link MatchingCopy.Copy} instead of the
 * tables: the same rules, the same figures to the last rounding, the same order. Distances are
 * PostGIS's on the sphere (the same formula and radius), so a candidate's metres and every part of the
 * score come out as the statement's do; {@code MatchingReferenceTest} compares the two on every task shape.
 */
final class CopyRanking {

    /** PostGIS's sphere for geography with use_spheroid false: the WGS 84 mean radius, (2a + b) / 3. */
    private static final double EARTH_RADIUS = (2 * 6378137.0 + 6356752.314245179497563967) / 3.0;
    /** The band scan's flat-earth test is approximate; this much slack keeps everyone the exact distance admits. */
    private static final double SLACK_METRES = 1.0;
    private static final double SLACK_SHARE = 0.001;
    private static final MathContext FLOAT8_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);

    private CopyRanking() {
    }

    /**
     * People (a skill's holders, or everyone) ordered by latitude, with what the band scan reads: the
     * certificate's expiry for that skill (epoch day; {@link Integer#MIN_VALUE} without one,
     * {@link Integer#MAX_VALUE} in the list of everyone).
     */
    record Holders(long[] ids, long[] communities, double[] lats, double[] lons, double[] cosLats, int[] expires) {

        /** Everyone in {@code people}. */
        static Holders of(Collection<MatchingCopy.Person> people) {
            return of(people, null);
        }

        /** The holders of {@code skill} among {@code people} (everyone when it is null). */
        static Holders of(Collection<MatchingCopy.Person> people, String skill) {
            record Held(MatchingCopy.Person person, int expires) {
            }
            List<Held> sorted = new ArrayList<>();
            for (MatchingCopy.Person p : people) {
                int k = skill == null ? -1 : List.of(p.skills()).indexOf(skill);
                if (skill == null) {
                    sorted.add(new Held(p, Integer.MAX_VALUE));
                } else if (k >= 0) {
                    sorted.add(new Held(p, p.expires()[k]));
                }
            }
            sorted.sort(Comparator.comparingDouble(held -> held.person().lat()));
            int n = sorted.size();
            Holders h = new Holders(new long[n], new long[n], new double[n], new double[n], new double[n], new int[n]);
            for (int i = 0; i < n; i++) {
                MatchingCopy.Person p = sorted.get(i).person();
                h.ids[i] = p.id();
                h.communities[i] = p.community();
                h.lats[i] = p.lat();
                h.lons[i] = p.lon();
                h.cosLats[i] = Math.cos(Math.toRadians(p.lat()));
                h.expires[i] = sorted.get(i).expires();
            }
            return h;
        }
    }

    /** A person within reach who passes the skill and visibility rules, at their distance. */
    private record Near(MatchingCopy.Person person, int held, double metres) {
    }

    /** Nearest first, then by id: the statement's {@code ORDER BY metres, id}. */
    private static final Comparator<Near> NEAREST = (a, b) -> {
        int byMetres = Double.compare(a.metres(), b.metres());
        return byMetres != 0 ? byMetres : Long.compare(a.person().id(), b.person().id());
    };

    private record Scored(Near near, double minutes90, double monthMinutes, double skills, double distance, double availability,
                          double fairness, double reliability, double score) {
    }

    static List<VolunteerViews.Candidate> rank(MatchingCopy.Copy copy, VolunteerTasks.TaskRow task, int radiusMetres, int limit,
                                               LocalDate today) {
        ZonedDateTime start = task.startsAt().atZoneSameInstant(ChinaTime.CHINA);
        ZonedDateTime end = task.endsAt().atZoneSameInstant(ChinaTime.CHINA);
        int dow = start.getDayOfWeek().getValue() - 1;
        int previousDay = (dow + 6) % 7;
        int startMinute = start.getHour() * 60 + start.getMinute();
        int taskMinutes = (int) Math.max(1, task.minutes());
        int endMinute = (int) Math.min(2880, startMinute + task.minutes());
        LocalDate monthStart = start.toLocalDate().withDayOfMonth(1);
        LocalDate nextMonth = monthStart.plusMonths(1);
        long monthStartMicros = micros(monthStart.atStartOfDay(ChinaTime.CHINA).toOffsetDateTime());
        long nextMonthMicros = micros(nextMonth.atStartOfDay(ChinaTime.CHINA).toOffsetDateTime());
        int since90 = (int) today.minusDays(90).toEpochDay();
        int fromMonth = (int) monthStart.toEpochDay();
        int toMonth = (int) nextMonth.toEpochDay();
        long taskStart = micros(task.startsAt());
        long taskEnd = micros(task.endsAt());

        List<Near> near = near(copy, task, radiusMetres, end.toLocalDate());
        near.sort(NEAREST);
        // The 200 nearest who pass the skills and visibility rules; of them the 120 nearest not on the
        // task already and not actively booked at an overlapping time.
        List<Near> candidates = new ArrayList<>();
        for (int i = 0; i < Math.min(Matching.CLOSEST, near.size()) && candidates.size() < Matching.NEAREST; i++) {
            if (free(near.get(i).person(), task.id(), taskStart, taskEnd)) {
                candidates.add(near.get(i));
            }
        }
        int required = task.requiredSkills().size();
        List<Scored> scored = new ArrayList<>();
        for (Near n : candidates) {
            MatchingCopy.Person p = n.person();
            long minutes90 = 0;
            long monthServed = 0;
            for (int k = 0; k < p.servedOn().length; k++) {
                int day = p.servedOn()[k];
                if (day >= since90) {
                    minutes90 += p.minutes()[k];
                }
                if (day >= fromMonth && day < toMonth) {
                    monthServed += p.minutes()[k];
                }
            }
            long bookedMicros = 0;
            for (int k = 0; k < p.taskIds().length; k++) {
                if ("ACCEPTED".equals(p.statuses()[k]) && p.starts()[k] >= monthStartMicros && p.starts()[k] < nextMonthMicros) {
                    bookedMicros += p.ends()[k] - p.starts()[k];
                }
            }
            double monthMinutes = monthServed + bookedMicros / 60_000_000.0;
            if (monthMinutes + taskMinutes > p.capHours() * 60) {
                continue;
            }
            long available = 0;
            for (int k = 0; k < p.days().length; k++) {
                int day = p.days()[k];
                if (day == dow || day == previousDay && p.closes()[k] > 1440) {
                    int shift = day == dow ? 0 : 1440;
                    available += Math.max(0, Math.min(p.closes()[k] - shift, endMinute) - Math.max(p.opens()[k] - shift, startMinute));
                }
            }
            double skills = required == 0 ? 1.0 : (double) n.held() / required;
            double distance = Math.max(0.0, 1.0 - n.metres() / radiusMetres);
            double availability = Math.min(1.0, available / (double) taskMinutes);
            double fairness = 1.0 / (1.0 + minutes90 / 600.0);
            double reliability = 1.0 / (1.0 + p.noShows());
            double score = score(0.35 * skills + 0.25 * distance + 0.2 * availability + 0.1 * fairness + 0.1 * reliability);
            scored.add(new Scored(n, minutes90, monthMinutes, skills, distance, availability, fairness, reliability, score));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::near, NEAREST));
        List<VolunteerViews.Candidate> out = new ArrayList<>();
        for (Scored s : scored.subList(0, Math.min(limit, scored.size()))) {
            MatchingCopy.Person p = s.near().person();
            out.add(new VolunteerViews.Candidate(p.id(), p.name(), p.community(), s.score(),
                    new VolunteerViews.Breakdown(round(s.skills()), round(s.distance()), round(s.availability()), round(s.fairness()),
                            round(s.reliability())),
                    (int) Math.round(s.near().metres()), Math.round(s.minutes90() / 6.0) / 10.0, p.noShows(),
                    Math.round(s.monthMinutes() / 6.0) / 10.0, p.reachable()));
        }
        return out;
    }

    /**
     * Everyone within the radius whom the skills rule (with certificates valid on {@code lastDay}) and
     * the task's visibility admit; at least the {@value Matching#CLOSEST} nearest of them, not always all.
     * With required skills the search starts from the holders of the one held by fewest (of each when
     * any one will do); without, from everyone.
     */
    private static List<Near> near(MatchingCopy.Copy copy, VolunteerTasks.TaskRow task, int radiusMetres, LocalDate lastDay) {
        List<String> required = task.requiredSkills();
        boolean any = "ANY".equals(task.skillsMatch());
        String visibility = task.visibility();
        if (!"PUBLIC".equals(visibility) && !"COMMUNITY".equals(visibility) && !"STREET".equals(visibility)) {
            return new ArrayList<>();
        }
        List<Holders> sources = new ArrayList<>();
        String checkedHere = null;
        if (required.isEmpty()) {
            sources.add(copy.everyone());
        } else {
            for (String skill : required) {
                Holders h = copy.bySkill().get(skill);
                if (h != null) {
                    sources.add(h);
                } else if (!any) {
                    return new ArrayList<>();
                }
            }
            if (required.size() == 1 && !sources.isEmpty()) {
                checkedHere = required.get(0);
            } else if (!any && !sources.isEmpty()) {
                sources = List.of(sources.stream().min(Comparator.comparingInt(h -> h.ids().length)).orElseThrow());
            }
        }
        // With one skill or none, the rules can be checked on the lists alone: only the nearest need
        // their person looked up, and only they are measured exactly.
        boolean listsDecide = required.isEmpty() || checkedHere != null;
        boolean certified = checkedHere != null && Boolean.TRUE.equals(copy.certificateRequired().get(checkedHere));
        if (checkedHere != null && copy.certificateRequired().get(checkedHere) == null) {
            return new ArrayList<>();
        }
        int day = (int) lastDay.toEpochDay();
        double lat = task.place().latitude();
        double lon = task.place().longitude();
        double reach = radiusMetres * (1 + SLACK_SHARE) + SLACK_METRES;
        double metresPerDegree = Math.toRadians(1) * EARTH_RADIUS;
        double latReach = reach / metresPerDegree;
        double cosLat0 = Math.cos(Math.toRadians(lat));
        Long street = task.streetId();
        int total = sources.stream().mapToInt(h -> h.ids().length).sum();
        int[] sourceOf = new int[Math.min(total, 1 << 16)];
        int[] indexOf = new int[sourceOf.length];
        double[] approx = new double[sourceOf.length];
        int found = 0;
        for (int s = 0; s < sources.size(); s++) {
            Holders h = sources.get(s);
            for (int i = firstAtOrAbove(h.lats(), lat - latReach); i < h.ids().length && h.lats()[i] <= lat + latReach; i++) {
                long community = h.communities()[i];
                if ("COMMUNITY".equals(visibility) ? community != task.communityId()
                        : "STREET".equals(visibility) && !street.equals(copy.streetOf().get(community))) {
                    continue;
                }
                if (certified && h.expires()[i] < day) {
                    continue;
                }
                // A flat-earth distance at the pair's mean latitude (a few parts in 100,000 off at
                // 50 km, far inside the slack); the exact one later, for those kept.
                double x = (h.lons()[i] - lon) * (h.cosLats()[i] + cosLat0) * 0.5;
                double y = h.lats()[i] - lat;
                double d = Math.sqrt(x * x + y * y) * metresPerDegree;
                if (d <= reach) {
                    if (found == approx.length) {
                        sourceOf = Arrays.copyOf(sourceOf, found * 2);
                        indexOf = Arrays.copyOf(indexOf, found * 2);
                        approx = Arrays.copyOf(approx, found * 2);
                    }
                    sourceOf[found] = s;
                    indexOf[found] = i;
                    approx[found] = d;
                    found++;
                }
            }
        }
        double limit = reach;
        if (listsDecide && found > Matching.CLOSEST) {
            limit = Math.min(reach, nth(Arrays.copyOf(approx, found), Matching.CLOSEST - 1) * (1 + SLACK_SHARE) + SLACK_METRES);
        }
        Set<Long> seen = sources.size() > 1 ? new HashSet<>() : null;
        List<Near> out = new ArrayList<>();
        for (int k = 0; k < found; k++) {
            if (approx[k] > limit) {
                continue;
            }
            Holders h = sources.get(sourceOf[k]);
            int i = indexOf[k];
            double metres = sphereDistance(h.lats()[i], h.lons()[i], lat, lon);
            if (metres > radiusMetres || seen != null && !seen.add(h.ids()[i])) {
                continue;
            }
            MatchingCopy.Person p = copy.people().get(h.ids()[i]);
            // One skill: the list held it, with its certificate checked above.
            int held = checkedHere != null ? 1 : held(copy, p, required, day);
            if (required.isEmpty() || (any ? held > 0 : held == required.size())) {
                out.add(new Near(p, held, metres));
            }
        }
        return out;
    }

    /** How many of the required skills the person holds, a certified one only with a certificate valid on {@code day}. */
    private static int held(MatchingCopy.Copy copy, MatchingCopy.Person p, List<String> required, int day) {
        int held = 0;
        for (int k = 0; k < p.skills().length; k++) {
            if (required.contains(p.skills()[k])) {
                Boolean certified = copy.certificateRequired().get(p.skills()[k]);
                if (certified != null && (!certified || p.expires()[k] >= day)) {
                    held++;
                }
            }
        }
        return held;
    }

    /** Not on the task already (in any status) and not actively booked at a time overlapping it. */
    private static boolean free(MatchingCopy.Person p, long taskId, long taskStart, long taskEnd) {
        for (int k = 0; k < p.taskIds().length; k++) {
            if (p.taskIds()[k] == taskId) {
                return false;
            }
            String status = p.statuses()[k];
            boolean active = "ACCEPTED".equals(status) || "COMPLETED".equals(status) || "SHORT".equals(status);
            if (active && p.starts()[k] < taskEnd && taskStart < p.ends()[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * PostGIS's sphere distance between two points (its {@code sphere_distance} on radians converted as
     * it converts them) times its radius: a home first, the place second, as the statement measures.
     */
    static double sphereDistance(double lat1, double lon1, double lat2, double lon2) {
        double latS = lat1 * Math.PI / 180.0;
        double latE = lat2 * Math.PI / 180.0;
        double dLon = lon2 * Math.PI / 180.0 - lon1 * Math.PI / 180.0;
        double cosDLon = Math.cos(dLon);
        double cosLatE = Math.cos(latE);
        double sinLatE = Math.sin(latE);
        double cosLatS = Math.cos(latS);
        double sinLatS = Math.sin(latS);
        double a1 = cosLatE * Math.sin(dLon);
        double a2 = cosLatS * sinLatE - sinLatS * cosLatE * cosDLon;
        double a = Math.sqrt(a1 * a1 + a2 * a2);
        double b = sinLatS * sinLatE + cosLatS * cosLatE * cosDLon;
        return EARTH_RADIUS * Math.atan2(a, b);
    }

    /**
     * As the statement rounds its score: the float8 sum as numeric (15 significant digits), then to 4
     * places half up. Away from a half that is plain rounding; near one, the decimal steps exactly.
     */
    private static double score(double sum) {
        double scaled = sum * 10_000;
        if (Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) {
            return Math.round(scaled) / 10_000.0;
        }
        return new BigDecimal(sum).round(FLOAT8_DIGITS).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    static long micros(OffsetDateTime t) {
        return t.toEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    /** The value that would sit at {@code k} if {@code values} were sorted (quickselect; reorders them). */
    static double nth(double[] values, int k) {
        int low = 0;
        int high = values.length - 1;
        while (low < high) {
            double pivot = values[(low + high) >>> 1];
            int i = low;
            int j = high;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = values[i];
                    values[i] = values[j];
                    values[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                high = j;
            } else if (k >= i) {
                low = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }

    private static int firstAtOrAbove(double[] lats, double lat) {
        int low = 0;
        int high = lats.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (lats[mid] < lat) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
