package cn.palmcommunity.station;

import cn.palmcommunity.hours.OpeningHours;
import cn.palmcommunity.hours.WeeklyRow;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Many stations as parallel column arrays for one {@code unnest} statement. The demo district's load
 * and the bulk import both store stations this way; keeping the columns, their order and the
 * flattening of opening hours into station_hours rows here means the two cannot drift apart.
 *
 * <p>In the statement, {@link #STATIONS} reads parameters $1..$18 (one row per station, alias
 * {@code t}) and {@link #HOURS} reads $19..$22 (one row per weekly interval, keyed by external id,
 * alias {@code h}); the statement's own parameters start at $23 and are passed to {@link #tuple}.
 */
public final class StationColumns {

    /** The stations, one row each: {@code FROM} this, then insert into station. */
    public static final String STATIONS = """
            unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::bigint[],
                   $8::text[], $9::text[], $10::text[], $11::text[], $12::bool[], $13::bool[], $14::text[],
                   $15::text[], $16::text[], $17::text[], $18::text[])
              AS t(external_id, kind, name, address, lat, lng, community_id, phone, description, amenities, osm,
                   always_open, has_holiday_rule, entrance_guide, rider_gate, entry_rules, legal_service, discount)""";

    /** The stations' weekly intervals for station_hours; join on external id to the inserted stations. */
    public static final String HOURS = "unnest($19::text[], $20::int[], $21::int[], $22::int[]) AS h(external_id, day, open_minute, close_minute)";

    private final String[] externalIds;
    private final String[] kinds;
    private final String[] names;
    private final String[] addresses;
    private final Double[] lats;
    private final Double[] lngs;
    private final Long[] communities;
    private final String[] phones;
    private final String[] descriptions;
    private final String[] amenities;
    private final String[] osm;
    private final Boolean[] alwaysOpen;
    private final Boolean[] holidayRule;
    private final String[] entranceGuides;
    private final String[] riderGates;
    private final String[] entryRules;
    private final String[] legalServices;
    private final String[] discounts;
    private final List<String> hourIds = new ArrayList<>();
    private final List<Integer> hourDays = new ArrayList<>();
    private final List<Integer> hourOpens = new ArrayList<>();
    private final List<Integer> hourCloses = new ArrayList<>();
    private int size;

    /** Room for exactly {@code stations} stations; {@link #tuple} wants them all added. */
    public StationColumns(int stations) {
        externalIds = new String[stations];
        kinds = new String[stations];
        names = new String[stations];
        addresses = new String[stations];
        lats = new Double[stations];
        lngs = new Double[stations];
        communities = new Long[stations];
        phones = new String[stations];
        descriptions = new String[stations];
        amenities = new String[stations];
        osm = new String[stations];
        alwaysOpen = new Boolean[stations];
        holidayRule = new Boolean[stations];
        entranceGuides = new String[stations];
        riderGates = new String[stations];
        entryRules = new String[stations];
        legalServices = new String[stations];
        discounts = new String[stations];
    }

    /**
     * One station; the position is WGS-84, amenity codes are stored sorted and comma-joined, the hours
     * give the stored OSM text, the two flags and the station_hours rows.
     */
    public StationColumns add(String externalId, String kind, String name, String address, double latitude, double longitude,
                              long communityId, String phone, String description, List<String> amenityCodes, OpeningHours hours,
                              String entranceGuide, String riderGate, String entryRule, String legalService, String discount) {
        int i = size++;
        externalIds[i] = externalId;
        kinds[i] = kind;
        names[i] = name;
        addresses[i] = address;
        lats[i] = latitude;
        lngs[i] = longitude;
        communities[i] = communityId;
        phones[i] = phone;
        descriptions[i] = description;
        amenities[i] = String.join(",", amenityCodes.stream().sorted().toList());
        osm[i] = hours.toOsm();
        alwaysOpen[i] = hours.alwaysOpen();
        holidayRule[i] = hours.hasHolidayRule();
        entranceGuides[i] = entranceGuide;
        riderGates[i] = riderGate;
        entryRules[i] = entryRule;
        legalServices[i] = legalService;
        discounts[i] = discount;
        for (WeeklyRow row : hours.weeklyRows()) {
            hourIds.add(externalId);
            hourDays.add(row.day());
            hourOpens.add(row.openMinute());
            hourCloses.add(row.closeMinute());
        }
        return this;
    }

    /** $1..$22 as described above, then the statement's own parameters from $23. */
    public Tuple tuple(Object... statementParameters) {
        if (size != externalIds.length) {
            throw new IllegalStateException(size + " of " + externalIds.length + " stations added");
        }
        Object[] columns = {externalIds, kinds, names, addresses, lats, lngs, communities, phones, descriptions, amenities, osm,
            alwaysOpen, holidayRule, entranceGuides, riderGates, entryRules, legalServices, discounts,
            hourIds.toArray(String[]::new), hourDays.toArray(Integer[]::new), hourOpens.toArray(Integer[]::new),
            hourCloses.toArray(Integer[]::new)};
        Object[] values = new Object[columns.length + statementParameters.length];
        System.arraycopy(columns, 0, values, 0, columns.length);
        System.arraycopy(statementParameters, 0, values, columns.length, statementParameters.length);
        return Tuple.from(values);
    }
}
