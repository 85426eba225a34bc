package cn.palmcommunity.demo;

import cn.palmcommunity.resident.ResidentIdNumber;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A whole synthetic district, the same for the same seed: 21 streets, 137 communities with their
 * grids, and any number of residents (a few thousand for the demo, Shibei's 1.1 million for
 * benchmarks). Residents are produced one community at a time so memory stays flat at any scale.
 *
 * <p>ID numbers are valid GB 11643 numbers, but all start with region 370299, a county code that
 * does not exist, so no generated number can be a real person's.
 */
public final class DemoDistrictGenerator {

    public static final String SYNTHETIC_REGION = "370299";
    static final int STREETS = 21;
    static final int COMMUNITIES = 137;

    private final long seed;
    private final int residents;
    /** Sequence numbers already used per birth date and sex, so ID numbers never repeat. */
    private final Map<Integer, Integer> sequences = new HashMap<>();

    public DemoDistrictGenerator(long seed, int residents) {
        if (residents < 0) {
            throw new IllegalArgumentException("residents must be >= 0");
        }
        this.seed = seed;
        this.residents = residents;
    }

    public DemoDistrict organisation() {
        SplittableRandom random = new SplittableRandom(seed);
        DemoDistrict.Unit district = new DemoDistrict.Unit(1, "370203", "市北区");
        List<DemoDistrict.Unit> streets = new ArrayList<>();
        for (int s = 0; s < STREETS; s++) {
            streets.add(new DemoDistrict.Unit(s + 1, "S%02d".formatted(s + 1), DemoNames.STREETS.get(s) + "街道"));
        }
        List<String> roads = new ArrayList<>(DemoNames.ROADS);
        shuffle(roads, random);
        double[] weights = new double[COMMUNITIES];
        double total = 0;
        for (int c = 0; c < COMMUNITIES; c++) {
            weights[c] = 0.5 + random.nextDouble();
            total += weights[c];
        }
        List<DemoDistrict.Community> communities = new ArrayList<>();
        int assigned = 0;
        long gridId = 1;
        for (int c = 0; c < COMMUNITIES; c++) {
            long streetId = (long) c * STREETS / COMMUNITIES + 1;
            String code = "C%03d".formatted(c + 1);
            int count = c == COMMUNITIES - 1 ? residents - assigned : (int) Math.round(residents * weights[c] / total);
            count = Math.max(0, Math.min(count, residents - assigned));
            assigned += count;
            int gridCount = 4 + random.nextInt(5);
            List<DemoDistrict.Unit> grids = new ArrayList<>();
            for (int g = 0; g < gridCount; g++) {
                grids.add(new DemoDistrict.Unit(gridId++, code + "-G" + (g + 1), "第" + (g + 1) + "网格"));
            }
            String ownRoad = roads.get(c % roads.size());
            List<String> communityRoads = List.of(ownRoad, roads.get((c + COMMUNITIES) % roads.size()));
            // Centres on a jittered 12 x 12 lattice over Shibei (about 36.065-36.125 N, 120.330-120.420 E).
            double latitude = 36.065 + (c / 12 + random.nextDouble()) * 0.005;
            double longitude = 120.330 + (c % 12 + random.nextDouble()) * 0.0075;
            communities.add(new DemoDistrict.Community(c + 1, streetId, code, ownRoad + "路社区", grids, count, communityRoads,
                    latitude, longitude));
        }
        return new DemoDistrict(district, streets, communities);
    }

    /** The residents of one community; call in community order for the same result every time. */
    public List<DemoResident> residentsOf(DemoDistrict.Community community) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + community.id());
        List<DemoResident> out = new ArrayList<>(community.residents());
        LocalDate today = LocalDate.of(2026, 11, 1);
        for (int i = 0; i < community.residents(); i++) {
            char sex = random.nextBoolean() ? 'M' : 'F';
            LocalDate birth = today.minusDays(ageInDays(random));
            String idNumber = idNumber(birth, sex);
            String name = name(random, sex);
            String phone = random.nextInt(100) < 8 ? null : phone(random);
            String road = community.roads().get(random.nextInt(community.roads().size()));
            String address = "%s路%d号%d号楼%d单元%d%02d户".formatted(road, 1 + random.nextInt(120), 1 + random.nextInt(12),
                    1 + random.nextInt(4), 1 + random.nextInt(7), 1 + random.nextInt(4));
            int roll = random.nextInt(1000);
            String status = roll < 5 ? "DECEASED" : roll < 15 ? "MOVED_OUT" : "LIVING";
            out.add(new DemoResident(idNumber, name, sex, birth, phone, random.nextInt(community.grids().size()), address, status));
        }
        return out;
    }

    /** An old district: about a quarter are 60 or older, a few hundred per 100,000 are over 90. */
    private static long ageInDays(SplittableRandom random) {
        int bucket = random.nextInt(100);
        int years;
        if (bucket < 15) {
            years = random.nextInt(18);
        } else if (bucket < 75) {
            years = 18 + random.nextInt(42);
        } else if (bucket < 95) {
            years = 60 + random.nextInt(20);
        } else {
            years = 80 + random.nextInt(23);
        }
        return years * 365L + random.nextInt(365);
    }

    private String idNumber(LocalDate birth, char sex) {
        int key = (int) birth.toEpochDay() * 2 + (sex == 'M' ? 1 : 0);
        int n = sequences.merge(key, 1, Integer::sum) - 1;
        if (n >= 500) {
            throw new IllegalStateException("more than 500 residents of one sex born on " + birth);
        }
        int sequence = n * 2 + (sex == 'M' ? 1 : 0);
        String first17 = SYNTHETIC_REGION + birth.toString().replace("-", "") + "%03d".formatted(sequence);
        return first17 + ResidentIdNumber.checkCharacter(first17);
    }

    private static String name(SplittableRandom random, char sex) {
        String surnames = DemoNames.SURNAMES;
        // Squaring skews toward the common surnames at the front of the list.
        double r = random.nextDouble();
        char surname = surnames.charAt((int) (r * r * surnames.length()));
        String given = sex == 'M' ? DemoNames.MALE_GIVEN : DemoNames.FEMALE_GIVEN;
        StringBuilder name = new StringBuilder().append(surname).append(given.charAt(random.nextInt(given.length())));
        if (random.nextInt(10) < 7) {
            name.append(given.charAt(random.nextInt(given.length())));
        }
        return name.toString();
    }

    private static String phone(SplittableRandom random) {
        return "1" + DemoNames.PHONE_PREFIXES[random.nextInt(DemoNames.PHONE_PREFIXES.length)]
                + "%08d".formatted(random.nextInt(100_000_000));
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
