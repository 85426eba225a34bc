package cn.palmcommunity.resident;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A small random population in a community of its own, kept in memory too, so that the expected
 * answer to a filter is computed here in Java, independently of the SQL under test.
 */
final class Population {

    static final OffsetDateTime JAN_1 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(8));
    static final String[] TAGS = {"AGED_LIVING_ALONE", "LOW_INCOME", "PARTY_MEMBER", "TWO_CANCER_SCREENED"};

    record Person(long id, String idNumber, char sex, LocalDate birth, long grid, boolean inCompound, String living,
                  Map<String, OffsetDateTime> tags, OffsetDateTime lastVisit, String phone) {

        int ageOn(LocalDate day) {
            return Period.between(birth, day).getYears();
        }
    }

    final RegistryFixtures.Place place;
    final List<Person> people = new ArrayList<>();

    Population(RegistryFixtures registry, long seed, int size) {
        this.place = registry.newCommunity();
        Random random = new Random(seed);
        for (int i = 0; i < size; i++) {
            char sex = random.nextBoolean() ? 'M' : 'F';
            LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(95 * 365));
            if (i == 0) {
                birth = LocalDate.of(1990, 6, 15);   // exact-birthday edge, used by the age test
                sex = 'F';
            }
            String idNumber = RegistryFixtures.idNumber(birth, sex);
            long grid = random.nextBoolean() ? place.grid1() : place.grid2();
            boolean inCompound = grid == place.grid1() && random.nextBoolean();
            String living = random.nextInt(10) == 0 ? "DECEASED" : random.nextInt(10) == 0 ? "MOVED_OUT" : "LIVING";
            String phone = "139" + "%08d".formatted(random.nextInt(100_000_000));
            long id = registry.resident(idNumber, "测试" + i, place.communityId(), grid, inCompound ? place.compoundId() : null, phone, living);
            Map<String, OffsetDateTime> tags = new HashMap<>();
            for (String tag : TAGS) {
                if (random.nextInt(3) == 0) {
                    OffsetDateTime confirmed = JAN_1.plusDays(random.nextInt(500) - 250);
                    tags.put(tag, confirmed);
                    registry.tag(id, tag, confirmed);
                }
            }
            OffsetDateTime lastVisit = null;
            if (random.nextBoolean()) {
                lastVisit = JAN_1.plusDays(random.nextInt(400) - 200);
                registry.visit(id, lastVisit);
            }
            people.add(new Person(id, idNumber, sex, birth, grid, inCompound, living, tags, lastVisit, phone));
        }
    }

    RegistryFixtures.Place place() {
        return place;
    }

    List<Long> ids(Predicate<Person> filter) {
        return people.stream().filter(filter).map(Person::id).sorted().toList();
    }
}
