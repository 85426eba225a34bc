package cn.palmcommunity.station;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.GeoPoint;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-built navigation link must say exactly what the formatted one said. */
class StationLinksTest {

    @Test
    void microdegreesAreWrittenAsSixDecimalFormattingWould() {
        double[] edge = {0, -0.0000004, 0.0000005, 1.5, -1.5, 120.1234565, 36.000001, -179.9999996, 9.9999999};
        for (double value : edge) {
            assertEquals(String.format(Locale.ROOT, "%.6f", value).replace("-0.000000", "0.000000"),
                    StationLinks.appendMicrodegrees(new StringBuilder(), value).toString(), "for " + value);
        }
        Random random = new Random(20261126);
        for (int i = 0; i < 10_000; i++) {
            double value = (random.nextDouble() - 0.5) * 360;
            assertEquals(String.format(Locale.ROOT, "%.6f", value), StationLinks.appendMicrodegrees(new StringBuilder(), value).toString());
        }
    }

    @Test
    void theLinkCarriesTheGcj02PositionAndTheEncodedName() {
        GeoPoint wgs = new GeoPoint(36.09, 120.375);
        GeoPoint gcj = ChinaCoordinates.wgs84ToGcj02(wgs);
        String expected = String.format(Locale.ROOT, "https://uri.amap.com/navigation?to=%.6f,%.6f,%s&mode=walk&coordinate=gaode&callnative=1",
                gcj.longitude(), gcj.latitude(), "%E6%9A%96%E5%BF%83%E9%A9%BF%E7%AB%99%20A");
        assertEquals(expected, StationLinks.navigationUrl(wgs, "暖心驿站,A"));
    }
}
