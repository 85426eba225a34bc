package cn.palmcommunity.geo;

import cn.palmcommunity.error.ProblemException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChinaCoordinatesTest {

    private static final GeoPoint SHIBEI = new GeoPoint(36.0870, 120.3560);
    private static final GeoPoint QINGDAO_STATION = new GeoPoint(36.0671, 120.3826);
    private static final GeoPoint TAIDONG = new GeoPoint(36.0790, 120.3870);
    private static final GeoPoint LAOSHAN = new GeoPoint(36.1930, 120.6150);

    @Test
    void theOffsetInShibeiIsAFewHundredMetresToTheNorthEast() {
        for (GeoPoint wgs : new GeoPoint[] {SHIBEI, QINGDAO_STATION, TAIDONG}) {
            GeoPoint gcj = ChinaCoordinates.wgs84ToGcj02(wgs);
            double metres = Distances.haversineMetres(wgs, gcj);
            assertTrue(metres > 300 && metres < 700, wgs + " moved " + metres + " m");
            assertTrue(gcj.latitude() > wgs.latitude(), "GCJ-02 lies north of WGS-84 in Shibei");
            assertTrue(gcj.longitude() > wgs.longitude(), "GCJ-02 lies east of WGS-84 in Shibei");
        }
    }

    @Test
    void furtherEastInQingdaoTheShiftIsStillAboutFourHundredMetresEastButSlightlySouth() {
        // The north-south part is small here and changes sign across the city; the east part dominates.
        GeoPoint gcj = ChinaCoordinates.wgs84ToGcj02(LAOSHAN);
        double east = Distances.haversineMetres(LAOSHAN, new GeoPoint(LAOSHAN.latitude(), gcj.longitude()));
        double north = Distances.haversineMetres(LAOSHAN, new GeoPoint(gcj.latitude(), LAOSHAN.longitude()));
        assertTrue(gcj.longitude() > LAOSHAN.longitude() && east > 400 && east < 450, "east " + east + " m");
        assertTrue(gcj.latitude() < LAOSHAN.latitude() && north < 20, "south " + north + " m");
    }

    @Test
    void roundTripsAreAccurateToUnderACentimetre() {
        for (GeoPoint wgs : new GeoPoint[] {SHIBEI, QINGDAO_STATION, TAIDONG, LAOSHAN, new GeoPoint(39.9, 116.4), new GeoPoint(22.54, 114.06)}) {
            GeoPoint back = ChinaCoordinates.gcj02ToWgs84(ChinaCoordinates.wgs84ToGcj02(wgs));
            assertTrue(Distances.haversineMetres(wgs, back) < 0.01, wgs + " came back as " + back);
            // And the other way: a GCJ-02 reading from the phone survives conversion to WGS-84 and back.
            GeoPoint again = ChinaCoordinates.wgs84ToGcj02(ChinaCoordinates.gcj02ToWgs84(wgs));
            assertTrue(Distances.haversineMetres(wgs, again) < 0.01, wgs + " came back as " + again);
        }
    }

    @Test
    void theIterativeInverseBeatsTheOneStepInverse() {
        GeoPoint gcj = ChinaCoordinates.wgs84ToGcj02(SHIBEI);
        // The naive inverse subtracts the offset computed at the GCJ-02 point itself.
        GeoPoint shifted = ChinaCoordinates.wgs84ToGcj02(gcj);
        GeoPoint naive = new GeoPoint(2 * gcj.latitude() - shifted.latitude(), 2 * gcj.longitude() - shifted.longitude());
        double naiveError = Distances.haversineMetres(SHIBEI, naive);
        double iterativeError = Distances.haversineMetres(SHIBEI, ChinaCoordinates.gcj02ToWgs84(gcj));
        assertTrue(naiveError > 0.01, "the naive inverse is off by " + naiveError + " m");
        assertTrue(iterativeError < naiveError / 100, "iterative " + iterativeError + " m vs naive " + naiveError + " m");
    }

    @Test
    void aPublishedReferencePair() {
        // The Shanghai test vector of the eviltransform project, used across many implementations.
        GeoPoint gcj = ChinaCoordinates.wgs84ToGcj02(new GeoPoint(31.1774276, 121.5272106));
        assertEquals(31.17530398364597, gcj.latitude(), 1e-8);
        assertEquals(121.531541859215, gcj.longitude(), 1e-8);
    }

    @Test
    void pointsOutsideMainlandChinaAreUnchanged() {
        for (GeoPoint p : new GeoPoint[] {new GeoPoint(51.5007, -0.1246), new GeoPoint(-33.8568, 151.2153), new GeoPoint(60.0, 100.0)}) {
            assertSame(p, ChinaCoordinates.wgs84ToGcj02(p));
            assertSame(p, ChinaCoordinates.gcj02ToWgs84(p));
        }
    }

    @Test
    void toWgs84ConvertsOnlyGcj02() {
        GeoPoint gcj = ChinaCoordinates.wgs84ToGcj02(SHIBEI);
        assertSame(SHIBEI, ChinaCoordinates.toWgs84(SHIBEI, CoordinateSystem.WGS84));
        assertTrue(Distances.haversineMetres(SHIBEI, ChinaCoordinates.toWgs84(gcj, CoordinateSystem.GCJ02)) < 0.01);
    }

    @Test
    void coordinateSystemsParseLeniently() {
        assertEquals(CoordinateSystem.GCJ02, CoordinateSystem.parse("gcj02").orElseThrow());
        assertEquals(CoordinateSystem.GCJ02, CoordinateSystem.parse(" GCJ-02 ").orElseThrow());
        assertEquals(CoordinateSystem.WGS84, CoordinateSystem.parse("Wgs84").orElseThrow());
        assertTrue(CoordinateSystem.parse("bd09").isEmpty());
        assertEquals(CoordinateSystem.WGS84, CoordinateSystem.fromQuery("coords", null, CoordinateSystem.WGS84));
        assertEquals(CoordinateSystem.GCJ02, CoordinateSystem.fromQuery("coords", "", CoordinateSystem.GCJ02));
        ProblemException wrong = assertThrows(ProblemException.class, () -> CoordinateSystem.fromQuery("coords", "bd09", CoordinateSystem.WGS84));
        assertEquals(400, wrong.problem().status());
        assertEquals("coords", wrong.problem().errors().get(0).field());
    }

    @Test
    void geoPointValidation() {
        assertTrue(SHIBEI.inRange());
        assertTrue(new GeoPoint(-90, 180).inRange());
        assertTrue(!new GeoPoint(90.0001, 0).inRange());
        assertTrue(!new GeoPoint(0, -180.5).inRange());
        assertTrue(!new GeoPoint(Double.NaN, 0).inRange());
        assertSame(SHIBEI, SHIBEI.requireValid("lat", "lng"));
        ProblemException lat = assertThrows(ProblemException.class, () -> new GeoPoint(91, 0).requireValid("lat", "lng"));
        assertEquals(422, lat.problem().status());
        assertEquals("lat", lat.problem().errors().get(0).field());
        ProblemException lng = assertThrows(ProblemException.class, () -> new GeoPoint(0, 181).requireValid("lat", "lng"));
        assertEquals("lng", lng.problem().errors().get(0).field());
    }
}
