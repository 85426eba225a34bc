package cn.palmcommunity.geo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DistancesTest {

    @Test
    void aDegreeOfLatitudeIsAbout111Km() {
        assertEquals(111_195, Distances.haversineMetres(new GeoPoint(36, 120), new GeoPoint(37, 120)), 1);
    }

    @Test
    void aDegreeOfLongitudeShrinksWithTheCosineOfLatitude() {
        double atQingdao = Distances.haversineMetres(new GeoPoint(36, 120), new GeoPoint(36, 121));
        assertEquals(111_195 * Math.cos(Math.toRadians(36)), atQingdao, 20);
    }

    @Test
    void symmetricAndZeroForTheSamePoint() {
        GeoPoint a = new GeoPoint(36.0870, 120.3560);
        GeoPoint b = new GeoPoint(36.0671, 120.3826);
        assertEquals(0.0, Distances.haversineMetres(a, a), 0.0);
        assertEquals(Distances.haversineMetres(a, b), Distances.haversineMetres(b, a), 1e-9);
        // Shibei to Qingdao station: about 3.26 km as the crow flies (checked independently).
        assertEquals(3257.5, Distances.haversineMetres(a, b), 1);
    }

    @Test
    void antipodesAreHalfTheCircumference() {
        assertEquals(Math.PI * Distances.EARTH_RADIUS_METRES, Distances.haversineMetres(new GeoPoint(0, 0), new GeoPoint(0, 180)), 1e-3);
    }
}
