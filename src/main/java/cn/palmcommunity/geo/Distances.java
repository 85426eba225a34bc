package cn.palmcommunity.geo;

/**
 * Distances between positions. {@link #haversineMetres} is good to a few metres over a district, which
 * is all a phone needs; {@link #spheroidMetres} and {@link #postgisSphereMetres} reproduce what PostGIS
 * geography computes, for answers that must agree with the database to the metre.
 */
public final class Distances {

    /** IUGG mean Earth radius. */
    static final double EARTH_RADIUS_METRES = 6_371_008.8;

    /** WGS-84, the spheroid of SRID 4326. */
    static final double WGS84_A = 6_378_137.0;
    static final double WGS84_F = 1 / 298.257223563;
    static final double WGS84_B = WGS84_A * (1 - WGS84_F);
    /** The sphere PostGIS puts in place of the spheroid when asked to: radius (2a + b) / 3. */
    static final double POSTGIS_SPHERE_RADIUS = (2 * WGS84_A + WGS84_B) / 3;

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

    /**
     * The geodesic on the WGS-84 spheroid, as {@code ST_Distance(geography, geography)} and
     * {@code ST_DWithin(geography, geography, metres)} measure it (Vincenty's inverse formula; it agrees
     * with the GeographicLib solution PostGIS uses to well under a millimetre at city distances).
     * Nearly antipodal points, where the iteration may not settle, fall back to the sphere.
     */
    public static double spheroidMetres(double lat1, double lon1, double lat2, double lon2) {
        double l = Math.toRadians(lon2 - lon1);
        double u1 = Math.atan((1 - WGS84_F) * Math.tan(Math.toRadians(lat1)));
        double u2 = Math.atan((1 - WGS84_F) * Math.tan(Math.toRadians(lat2)));
        double sinU1 = Math.sin(u1);
        double cosU1 = Math.cos(u1);
        double sinU2 = Math.sin(u2);
        double cosU2 = Math.cos(u2);
        double lambda = l;
        for (int iteration = 0; iteration < 200; iteration++) {
            double sinLambda = Math.sin(lambda);
            double cosLambda = Math.cos(lambda);
            double a = cosU2 * sinLambda;
            double b = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda;
            double sinSigma = Math.sqrt(a * a + b * b);
            if (sinSigma == 0) {
                return 0;
            }
            double cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
            double sigma = Math.atan2(sinSigma, cosSigma);
            double sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            double cos2Alpha = 1 - sinAlpha * sinAlpha;
            double cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cos2Alpha;
            double c = WGS84_F / 16 * cos2Alpha * (4 + WGS84_F * (4 - 3 * cos2Alpha));
            double previous = lambda;
            lambda = l + (1 - c) * WGS84_F * sinAlpha
                    * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            if (Math.abs(lambda - previous) < 1e-12) {
                double u = cos2Alpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B) / (WGS84_B * WGS84_B);
                double bigA = 1 + u / 16384 * (4096 + u * (-768 + u * (320 - 175 * u)));
                double bigB = u / 1024 * (256 + u * (-128 + u * (74 - 47 * u)));
                double deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                        - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
                return WGS84_B * bigA * (sigma - deltaSigma);
            }
        }
        return postgisSphereMetres(lat1, lon1, lat2, lon2);
    }

    /**
     * The great circle on PostGIS's sphere, as the geography KNN operator {@code <->} measures it (and so
     * the order of {@code ORDER BY location <-> point}); the same atan2 form PostGIS evaluates.
     */
    public static double postgisSphereMetres(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        return sphereAngle(Math.sin(phi1), Math.cos(phi1), Math.sin(phi2), Math.cos(phi2), Math.toRadians(lon2 - lon1))
                * POSTGIS_SPHERE_RADIUS;
    }

    /** {@link #postgisSphereMetres} from precomputed sines and cosines of the latitudes (for scans over many points). */
    public static double postgisSphereMetres(double sinLat1, double cosLat1, double sinLat2, double cosLat2, double deltaLonRadians) {
        return sphereAngle(sinLat1, cosLat1, sinLat2, cosLat2, deltaLonRadians) * POSTGIS_SPHERE_RADIUS;
    }

    /** The radius of PostGIS's sphere in metres. */
    public static double postgisSphereRadius() {
        return POSTGIS_SPHERE_RADIUS;
    }

    private static double sphereAngle(double sinLat1, double cosLat1, double sinLat2, double cosLat2, double deltaLon) {
        double cosDeltaLon = Math.cos(deltaLon);
        double a1 = cosLat2 * Math.sin(deltaLon);
        double a2 = cosLat1 * sinLat2 - sinLat1 * cosLat2 * cosDeltaLon;
        double a = Math.sqrt(a1 * a1 + a2 * a2);
        double b = sinLat1 * sinLat2 + cosLat1 * cosLat2 * cosDeltaLon;
        return Math.atan2(a, b);
    }
}
