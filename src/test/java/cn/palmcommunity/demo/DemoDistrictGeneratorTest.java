package cn.palmcommunity.demo;

import cn.palmcommunity.resident.ResidentIdNumber;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoDistrictGeneratorTest {

    private static List<DemoResident> everyone(DemoDistrictGenerator generator, DemoDistrict district) {
        List<DemoResident> all = new ArrayList<>();
        district.communities().forEach(c -> all.addAll(generator.residentsOf(c)));
        return all;
    }

    @Test
    void theShapeOfShibei() {
        DemoDistrict district = new DemoDistrictGenerator(7, 5000).organisation();
        assertEquals(21, district.streets().size());
        assertEquals(137, district.communities().size());
        assertEquals(5000, district.communities().stream().mapToInt(DemoDistrict.Community::residents).sum());
        assertTrue(district.communities().stream().allMatch(c -> c.grids().size() >= 4 && c.grids().size() <= 8));
        assertEquals(21, district.communities().stream().map(DemoDistrict.Community::streetId).distinct().count());
        assertEquals(137, district.communities().stream().map(DemoDistrict.Community::name).distinct().count());
    }

    @Test
    void theSameSeedGivesTheSameDistrict() {
        DemoDistrictGenerator a = new DemoDistrictGenerator(42, 3000);
        DemoDistrictGenerator b = new DemoDistrictGenerator(42, 3000);
        DemoDistrict da = a.organisation();
        assertEquals(da, b.organisation());
        assertEquals(everyone(a, da), everyone(b, b.organisation()));
        DemoDistrictGenerator c = new DemoDistrictGenerator(43, 3000);
        assertNotEquals(everyone(a, new DemoDistrictGenerator(42, 3000).organisation()), everyone(c, c.organisation()));
    }

    @Test
    void idNumbersAreValidUniqueVisiblySyntheticAndAgreeWithTheRecord() {
        DemoDistrictGenerator generator = new DemoDistrictGenerator(11, 20_000);
        List<DemoResident> all = everyone(generator, generator.organisation());
        assertEquals(20_000, all.size());
        Set<String> seen = new HashSet<>();
        for (DemoResident r : all) {
            assertTrue(ResidentIdNumber.isValid(r.idNumber()), r.idNumber());
            assertTrue(r.idNumber().startsWith(DemoDistrictGenerator.SYNTHETIC_REGION), r.idNumber());
            assertTrue(seen.add(r.idNumber()), "duplicate " + r.idNumber());
            assertEquals(r.birthDate(), ResidentIdNumber.birthDate(r.idNumber()));
            assertEquals(r.sex(), ResidentIdNumber.sex(r.idNumber()));
        }
    }

    @Test
    void namesPhonesAndAgesArePlausible() {
        DemoDistrictGenerator generator = new DemoDistrictGenerator(5, 10_000);
        List<DemoResident> all = everyone(generator, generator.organisation());
        assertTrue(all.stream().allMatch(r -> r.name().codePoints().count() >= 2 && r.name().codePoints().count() <= 3
                && r.name().codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)));
        assertTrue(all.stream().filter(r -> r.phone() != null).allMatch(r -> r.phone().matches("1[3-9]\\d{9}")));
        long elderly = all.stream().filter(r -> r.birthDate().isBefore(java.time.LocalDate.of(1966, 11, 1))).count();
        // An old district: roughly a quarter are 60 or older.
        assertTrue(elderly > 2000 && elderly < 3000, "elderly " + elderly);
        assertTrue(all.stream().allMatch(r -> r.address().contains("路") && r.address().endsWith("户")));
    }
}
