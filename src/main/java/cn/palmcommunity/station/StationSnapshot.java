package cn.palmcommunity.station;

import cn.palmcommunity.calendar.ChinaTime;
import cn.palmcommunity.geo.Distances;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.hours.Closure;
import cn.palmcommunity.hours.OpeningHours;
import cn.palmcommunity.hours.OpeningStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The active stations held in memory for the public nearby and map-box searches, so that they need no
 * database round trip. Immutable: a change builds a new snapshot (see {@link StationSnapshots}) and
 * readers keep whichever one they started with.
 *
 * <p>It answers exactly what {@link StationSearch}'s SQL answers on the same rows:
 * <ul>
 * <li>order: the geography KNN operator measures on PostGIS's sphere, so stations are ordered by
 *     {@link Distances#postgisSphereMetres} (then by id where PostGIS would leave a tie to chance);</li>
 * <li>radius and shown distance: ST_DWithin and ST_Distance measure on the WGS-84 spheroid, so does
 *     {@link Distances#spheroidMetres};</li>
 * <li>open now: {@link OpeningHours#openAt} is the station_hours test of the SQL, with the same
 *     holiday flags from the working calendar, and temporary closures win; "closes at / opens at" come
 *     from {@link StationHours#status} on the same closures the SQL would return.</li>
 * </ul>
 *
 * <p>Stations sit in a grid of {@value #CELL_DEGREES}-degree cells, sorted by cell, with the fields
 * a search tests (position, kind, amenities as a bit mask, hours profile) in parallel arrays. Nearest
 * first walks rings of cells around the rider and stops once enough stations passed the filters
 * nearer than anything an unvisited cell could hold.
 */
final class StationSnapshot {

    /** One active station as the searches show it; {@code closures} are sorted by start. */
    record Station(long id, StationKind kind, String name, String address, double latitude, double longitude,
                   List<String> amenities, String openingHours, OpeningHours hours, List<Closure> closures) {
    }

    static final double CELL_DEGREES = 0.004;
    /** A grid of 0.004 degrees has fewer than 2^17 rows and columns; the rest of a sort key is the station's index. */
    private static final int AXIS_BITS = 17;
    private static final int AXIS_OFFSET = 1 << 16;
    private static final int INDEX_BITS = 27;
    /** On the spheroid a short distance is within 0.6 % of the same on PostGIS's sphere (between b²/a and a²/b). */
    private static final double SPHERE_BELOW = 0.99;
    private static final double SPHERE_ABOVE = 1.01;
    /** More rings than this (near the poles) is not worth it: the database answers. */
    private static final int MAX_RINGS = 200;
    /** The SQL returns the closures that matter for the next 8 days (see StationSearch). */
    private static final Duration CLOSURE_LOOKAHEAD = Duration.ofDays(8);
    private static final byte UNKNOWN = 0;
    private static final byte OPEN = 1;
    private static final byte SHUT = 2;

    private final Map<Long, Station> byId;
    private final Station[] stations;
    private final double[] latitude;
    private final double[] longitude;
    private final double[] sinLatitude;
    private final double[] cosLatitude;
    private final long[] amenityMask;
    private final byte[] kind;
    private final int[] profile;
    private final OpeningHours[] profiles;
    private final long[] cellKeys;
    private final int[] cellStart;
    private final Map<String, Long> amenityBits;
    private final boolean amenitiesFit;
    /** Closures that ended before this are not held: a search at an earlier moment goes to the database. */
    private final Instant closuresFrom;
    private final long estimatedBytes;
    /** Which hours profiles are open at the last minute asked about; shared by concurrent searches. */
    private volatile OpenStates openStates;
    /** Each hours profile's status (no closures) during the last minute asked about; shared likewise. */
    private volatile Statuses statuses;

    private StationSnapshot(Map<Long, Station> byId, Instant closuresFrom) {
        this.byId = byId;
        this.closuresFrom = closuresFrom;
        int n = byId.size();
        if (n >= (1 << INDEX_BITS)) {
            throw new IllegalArgumentException("too many stations for one snapshot: " + n);
        }
        Station[] unsorted = byId.values().toArray(Station[]::new);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (cellKey(unsorted[i].latitude(), unsorted[i].longitude()) << INDEX_BITS) | i;
        }
        Arrays.sort(keys);

        TreeSet<String> codes = new TreeSet<>();
        for (Station s : unsorted) {
            codes.addAll(s.amenities());
        }
        amenitiesFit = codes.size() <= Long.SIZE;
        amenityBits = new HashMap<>();
        for (String code : codes) {
            if (amenityBits.size() < Long.SIZE) {
                amenityBits.put(code, 1L << amenityBits.size());
            }
        }

        stations = new Station[n];
        latitude = new double[n];
        longitude = new double[n];
        sinLatitude = new double[n];
        cosLatitude = new double[n];
        amenityMask = new long[n];
        kind = new byte[n];
        profile = new int[n];
        Map<OpeningHours, Integer> profileOf = new HashMap<>();
        List<OpeningHours> distinctHours = new ArrayList<>();
        long[] cells = new long[n];
        int[] starts = new int[n + 1];
        int cellCount = 0;
        for (int i = 0; i < n; i++) {
            Station s = unsorted[(int) (keys[i] & ((1L << INDEX_BITS) - 1))];
            long cell = keys[i] >>> INDEX_BITS;
            if (cellCount == 0 || cells[cellCount - 1] != cell) {
                cells[cellCount] = cell;
                starts[cellCount] = i;
                cellCount++;
            }
            stations[i] = s;
            latitude[i] = s.latitude();
            longitude[i] = s.longitude();
            double phi = Math.toRadians(s.latitude());
            sinLatitude[i] = Math.sin(phi);
            cosLatitude[i] = Math.cos(phi);
            amenityMask[i] = mask(s.amenities());
            kind[i] = (byte) s.kind().ordinal();
            profile[i] = profileOf.computeIfAbsent(s.hours(), hours -> {
                distinctHours.add(hours);
                return distinctHours.size() - 1;
            });
        }
        starts[cellCount] = n;
        cellKeys = Arrays.copyOf(cells, cellCount);
        cellStart = Arrays.copyOf(starts, cellCount + 1);
        profiles = distinctHours.toArray(OpeningHours[]::new);
        estimatedBytes = estimate();
    }

    /** A snapshot of these stations; closures ending before {@code closuresFrom} were left out when loading. */
    static StationSnapshot of(Map<Long, Station> stations, Instant closuresFrom) {
        return new StationSnapshot(Map.copyOf(stations), closuresFrom);
    }

    /** This snapshot with {@code ids} read again: those in {@code loaded} replace or join, the rest are gone (closed or deleted). */
    StationSnapshot with(Collection<Long> ids, Collection<Station> loaded) {
        Map<Long, Station> next = new HashMap<>(byId);
        for (Long id : ids) {
            next.remove(id);
        }
        for (Station s : loaded) {
            next.put(s.id(), s);
        }
        return new StationSnapshot(next, closuresFrom);
    }

    int size() {
        return stations.length;
    }

    Instant closuresFrom() {
        return closuresFrom;
    }

    long estimatedBytes() {
        return estimatedBytes;
    }

    Station station(long id) {
        return byId.get(id);
    }

    // ------------------------------------------------------------------ searches

    /**
     * Nearest first within {@code radiusMetres}, as {@link StationSearch#nearby} answers from the database;
     * null when this snapshot cannot answer (see {@link #prepare}, and near the poles or the 180th meridian).
     */
    StationSearch.Results nearby(GeoPoint here, int radiusMetres, StationSearch.Filter filter, int limit, Instant at, StationHours hours) {
        Query q = prepare(filter, at, hours);
        if (q == null || Math.abs(here.latitude()) > 80 || Math.abs(here.longitude()) > 179) {
            return null;
        }
        Candidates found = new Candidates();
        if (q.impossible) {
            return found.results(this, limit, at, hours, here);
        }
        double phi = Math.toRadians(here.latitude());
        double sinPhi = Math.sin(phi);
        double cosPhi = Math.cos(phi);
        double reach = radiusMetres * SPHERE_ABOVE + 1;
        double surelyInside = radiusMetres * SPHERE_BELOW;
        int row = axis(here.latitude());
        int col = axis(here.longitude());
        for (int ring = 0; ; ring++) {
            if (ring > MAX_RINGS) {
                return null;
            }
            if (ring == 0) {
                scanNearby(row, col, col, q, here, sinPhi, cosPhi, radiusMetres, reach, surelyInside, found);
            } else {
                scanNearby(row - ring, col - ring, col + ring, q, here, sinPhi, cosPhi, radiusMetres, reach, surelyInside, found);
                scanNearby(row + ring, col - ring, col + ring, q, here, sinPhi, cosPhi, radiusMetres, reach, surelyInside, found);
                for (int r = row - ring + 1; r < row + ring; r++) {
                    scanNearby(r, col - ring, col - ring, q, here, sinPhi, cosPhi, radiusMetres, reach, surelyInside, found);
                    scanNearby(r, col + ring, col + ring, q, here, sinPhi, cosPhi, radiusMetres, reach, surelyInside, found);
                }
            }
            double safe = unvisitedAtLeast(here, cosPhi, row - ring, row + ring, col - ring, col + ring);
            if (safe >= reach || found.countWithin(safe) > limit) {
                break;
            }
        }
        return found.results(this, limit, at, hours, here);
    }

    /** Inside the box (inclusive), nearest its centre first, as {@link StationSearch#within}; null when it cannot answer. */
    StationSearch.Results within(double south, double west, double north, double east, StationSearch.Filter filter, int limit,
                                 Instant at, StationHours hours) {
        Query q = prepare(filter, at, hours);
        if (q == null) {
            return null;
        }
        Candidates found = new Candidates();
        if (!q.impossible) {
            GeoPoint centre = new GeoPoint((south + north) / 2, (west + east) / 2);
            double phi = Math.toRadians(centre.latitude());
            double sinPhi = Math.sin(phi);
            double cosPhi = Math.cos(phi);
            int colFrom = axis(west);
            int colTo = axis(east);
            for (int r = axis(south); r <= axis(north); r++) {
                int first = firstAtOrAfter(rowKey(r, colFrom));
                if (first < 0) {
                    continue;
                }
                int end = firstAtOrAfter(rowKey(r, colTo) + 1);
                for (int k = cellStart[first], stop = end < 0 ? stations.length : cellStart[end]; k < stop; k++) {
                    double lat = latitude[k];
                    double lng = longitude[k];
                    if (lat < south || lat > north || lng < west || lng > east || !passes(k, q)) {
                        continue;
                    }
                    found.add(k, Distances.postgisSphereMetres(sinPhi, cosPhi, sinLatitude[k], cosLatitude[k],
                            Math.toRadians(lng - centre.longitude())));
                }
            }
        }
        return found.results(this, limit, at, hours, null);
    }

    private void scanNearby(int row, int colFrom, int colTo, Query q, GeoPoint here, double sinPhi, double cosPhi,
                            int radiusMetres, double reach, double surelyInside, Candidates found) {
        int first = firstAtOrAfter(rowKey(row, colFrom));
        if (first < 0) {
            return;
        }
        int end = firstAtOrAfter(rowKey(row, colTo) + 1);
        int stop = end < 0 ? stations.length : cellStart[end];
        for (int k = cellStart[first]; k < stop; k++) {
            if (!passes(k, q)) {
                continue;
            }
            double d = Distances.postgisSphereMetres(sinPhi, cosPhi, sinLatitude[k], cosLatitude[k],
                    Math.toRadians(longitude[k] - here.longitude()));
            if (d > reach) {
                continue;
            }
            if (d >= surelyInside
                    && Distances.spheroidMetres(here.latitude(), here.longitude(), latitude[k], longitude[k]) > radiusMetres) {
                continue;
            }
            found.add(k, d);
        }
    }

    /**
     * A lower bound, on PostGIS's sphere, of the distance from {@code here} to any station outside the
     * block of cells: the latitude gap to the block's north and south edges, and the distance to the
     * meridians of its west and east edges (a point's distance to a meridian's great circle is
     * asin(cos lat sin Δlon)).
     */
    private static double unvisitedAtLeast(GeoPoint here, double cosPhi, int rowFrom, int rowTo, int colFrom, int colTo) {
        double north = Math.toRadians((rowTo + 1) * CELL_DEGREES - here.latitude());
        double south = Math.toRadians(here.latitude() - rowFrom * CELL_DEGREES);
        double east = Math.asin(Math.min(1, cosPhi * Math.sin(Math.toRadians(Math.min(90, (colTo + 1) * CELL_DEGREES - here.longitude())))));
        double west = Math.asin(Math.min(1, cosPhi * Math.sin(Math.toRadians(Math.min(90, here.longitude() - colFrom * CELL_DEGREES)))));
        double angle = Math.min(Math.min(north, south), Math.min(east, west));
        return Math.max(0, angle) * Distances.postgisSphereRadius() * (1 - 1e-9);
    }

    private boolean passes(int k, Query q) {
        if ((q.kinds & (1 << kind[k])) == 0 || (amenityMask[k] & q.amenities) != q.amenities) {
            return false;
        }
        return !q.openNow || openAt(k, q);
    }

    private boolean openAt(int k, Query q) {
        int p = profile[k];
        byte state = q.states[p];
        if (state == UNKNOWN) {
            state = profiles[p].openAt(q.local, q.holidays) ? OPEN : SHUT;
            q.states[p] = state;
        }
        if (state == SHUT) {
            return false;
        }
        for (Closure closure : stations[k].closures()) {
            if (closure.covers(q.at)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ a search's terms

    private record OpenKey(int minuteOfDay, int today, boolean todayHoliday, boolean yesterdayHoliday) {
    }

    private record OpenStates(OpenKey key, byte[] states) {
    }

    private record Statuses(long epochMinute, long calendarVersion, OpeningStatus[] byProfile) {
    }

    /** One search's filter in the snapshot's terms. */
    private static final class Query {
        int kinds;
        long amenities;
        boolean impossible;
        boolean openNow;
        Instant at;
        ZonedDateTime local;
        Predicate<LocalDate> holidays;
        byte[] states;
    }

    /** Null when the snapshot cannot answer: more amenity codes than a mask holds, or a moment before its closures. */
    private Query prepare(StationSearch.Filter filter, Instant at, StationHours hours) {
        if (!amenitiesFit || at.isBefore(closuresFrom)) {
            return null;
        }
        Query q = new Query();
        if (filter.kinds() == null) {
            q.kinds = -1;
        } else {
            for (String k : filter.kinds()) {
                q.kinds |= 1 << StationKind.valueOf(k).ordinal();
            }
        }
        for (String code : filter.amenities()) {
            Long bit = amenityBits.get(code);
            if (bit == null) {
                q.impossible = true; // no station has it
            } else {
                q.amenities |= bit;
            }
        }
        q.at = at;
        q.openNow = filter.openNow();
        if (q.openNow) {
            StationHours.Moment m = hours.moment(at);
            q.local = at.atZone(ChinaTime.CHINA);
            LocalDate today = q.local.toLocalDate();
            LocalDate yesterday = today.minusDays(1);
            // The same holiday flags the SQL gets, so every profile is judged on one reading of the calendar.
            q.holidays = day -> day.equals(today) ? m.todayHoliday() : day.equals(yesterday) ? m.yesterdayHoliday() : false;
            OpenKey key = new OpenKey(m.minuteOfDay(), m.today(), m.todayHoliday(), m.yesterdayHoliday());
            OpenStates current = openStates;
            if (current == null || !current.key().equals(key)) {
                current = new OpenStates(key, new byte[profiles.length]);
                openStates = current;
            }
            q.states = current.states();
        }
        return q;
    }

    /** Stations that passed, with their sphere distance; sorted and cut to a page at the end. */
    private static final class Candidates {
        int[] index = new int[64];
        double[] distance = new double[64];
        int size;

        void add(int k, double d) {
            if (size == index.length) {
                index = Arrays.copyOf(index, size * 2);
                distance = Arrays.copyOf(distance, size * 2);
            }
            index[size] = k;
            distance[size] = d;
            size++;
        }

        int countWithin(double d) {
            int count = 0;
            for (int i = 0; i < size; i++) {
                if (distance[i] <= d) {
                    count++;
                }
            }
            return count;
        }

        /** The first {@code limit} by distance then id; {@code here} non-null means distances are shown. */
        StationSearch.Results results(StationSnapshot snapshot, int limit, Instant at, StationHours hours, GeoPoint here) {
            int take = Math.min(size, limit + 1);
            double cut = Double.POSITIVE_INFINITY;
            if (size > take) {
                double[] sorted = Arrays.copyOf(distance, size);
                Arrays.sort(sorted);
                cut = sorted[take - 1];
            }
            List<Integer> page = new ArrayList<>(take);
            for (int i = 0; i < size; i++) {
                if (distance[i] <= cut) {
                    page.add(i);
                }
            }
            page.sort((a, b) -> {
                int byDistance = Double.compare(distance[a], distance[b]);
                return byDistance != 0 ? byDistance : Long.compare(snapshot.stations[index[a]].id(), snapshot.stations[index[b]].id());
            });
            List<StationSearch.Found> found = new ArrayList<>(Math.min(limit, page.size()));
            for (int i = 0; i < page.size() && found.size() < limit; i++) {
                found.add(snapshot.found(index[page.get(i)], at, hours, here));
            }
            return new StationSearch.Results(found, size > limit);
        }
    }

    private StationSearch.Found found(int k, Instant at, StationHours hours, GeoPoint here) {
        Station s = stations[k];
        Long metres = here == null ? null
                : Math.round(Distances.spheroidMetres(here.latitude(), here.longitude(), s.latitude(), s.longitude()));
        List<Closure> closures = shownClosures(s.closures(), at);
        OpeningStatus status = closures.isEmpty() ? status(profile[k], at, hours) : hours.status(s.hours(), at, closures);
        return new StationSearch.Found(s.id(), s.kind(), s.name(), s.address(), new GeoPoint(s.latitude(), s.longitude()), metres,
                s.amenities(), s.openingHours(), status);
    }

    /**
     * A profile's status without closures. It is the same all through a minute: the weekly hours open and
     * close on whole minutes, so whether {@code at} falls inside an opening, and which opening or closing
     * comes next within 8 days, cannot change between a minute's first and last second.
     */
    private OpeningStatus status(int p, Instant at, StationHours hours) {
        long minute = Math.floorDiv(at.getEpochSecond(), 60);
        long version = hours.calendarVersion();
        Statuses current = statuses;
        if (current == null || current.epochMinute() != minute || current.calendarVersion() != version) {
            current = new Statuses(minute, version, new OpeningStatus[profiles.length]);
            statuses = current;
        }
        OpeningStatus status = current.byProfile()[p];
        if (status == null) {
            status = hours.status(profiles[p], Instant.ofEpochSecond(minute * 60), List.of());
            current.byProfile()[p] = status;
        }
        return status;
    }

    /** The closures the SQL hands to the status: not over at {@code at}, starting within 8 days. */
    static List<Closure> shownClosures(List<Closure> closures, Instant at) {
        if (closures.isEmpty()) {
            return closures;
        }
        Instant horizon = at.plus(CLOSURE_LOOKAHEAD);
        List<Closure> shown = new ArrayList<>(closures.size());
        for (Closure c : closures) {
            if ((c.until() == null || c.until().isAfter(at)) && c.from().isBefore(horizon)) {
                shown.add(c);
            }
        }
        return shown;
    }

    // ------------------------------------------------------------------ the grid

    private static int axis(double degrees) {
        return (int) Math.floor(degrees / CELL_DEGREES);
    }

    private static long rowKey(int row, int col) {
        return ((long) (row + AXIS_OFFSET) << AXIS_BITS) | (col + AXIS_OFFSET);
    }

    private static long cellKey(double lat, double lng) {
        return rowKey(axis(lat), axis(lng));
    }

    /** The index of the first cell whose key is at least {@code key}, or -1 when there is none. */
    private int firstAtOrAfter(long key) {
        int i = Arrays.binarySearch(cellKeys, key);
        if (i < 0) {
            i = -i - 1;
        }
        return i < cellKeys.length ? i : -1;
    }

    private long mask(List<String> codes) {
        long mask = 0;
        for (String code : codes) {
            Long bit = amenityBits.get(code);
            if (bit != null) {
                mask |= bit;
            }
        }
        return mask;
    }

    /**
     * Roughly what the snapshot holds on the heap (compressed references, 16-byte object headers):
     * the arrays, the station records and their texts, the id map; hours and amenity lists are shared
     * between stations and counted once.
     */
    private long estimate() {
        long bytes = 0;
        int n = stations.length;
        bytes += (long) n * (4 + 8 * 4 + 8 + 1 + 4); // the parallel arrays
        bytes += (long) cellKeys.length * (8 + 4);
        bytes += (long) n * (16 + 8 + 4 * 7 + 8 * 2); // Station records
        bytes += (long) n * (16 + 32 + 16 + 8); // the id map: node, key, table slot
        java.util.IdentityHashMap<Object, Boolean> shared = new java.util.IdentityHashMap<>();
        for (Station s : stations) {
            bytes += text(s.name()) + text(s.address());
            bytes += s.closures().isEmpty() ? 0 : 16 + s.closures().size() * (16 + 4 * 3 + 2 * 24 + 4);
            if (shared.put(s.amenities(), Boolean.TRUE) == null) {
                bytes += 16 + s.amenities().size() * 4L;
            }
            if (shared.put(s.openingHours(), Boolean.TRUE) == null) {
                bytes += text(s.openingHours());
            }
        }
        bytes += profiles.length * 400L;
        return bytes;
    }

    private static long text(String s) {
        if (s == null) {
            return 0;
        }
        boolean latin1 = s.chars().allMatch(c -> c < 256);
        return 24 + 16 + (long) s.length() * (latin1 ? 1 : 2);
    }
}
