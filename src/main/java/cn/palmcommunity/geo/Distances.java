package cn.palmcommunity.geo;

/** Great-circle distances; good to a few metres over a district, which is all a phone needs. */
public final class Distances {

    /** IUGG mean Earth radius. */
    static final double EARTH_RADIUS_METRES = 6_371_008.8;

    private Distances() {
    }

    public static double haversineMetres(GeoPoint a, GeoPoint b) {
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }
}
