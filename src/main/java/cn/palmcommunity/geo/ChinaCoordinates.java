package cn.palmcommunity.geo;

/**
 * Conversion between WGS-84 and GCJ-02 ("Mars coordinates"), the offset datum that maps and
 * WeChat's {@code wx.getLocation} use in mainland China. The forward direction is the published
 * formula on the Krasovsky ellipsoid; it has no closed-form inverse, so {@link #gcj02ToWgs84} solves
 * it by fixed-point iteration, which converges to well under a centimetre in a few steps (the
 * offset changes by only metres per kilometre, so each step shrinks the error about a thousandfold).
 * Outside mainland China GCJ-02 equals WGS-84 and points come back unchanged.
 */
public final class ChinaCoordinates {

    private static final double A = 6378245.0;
    private static final double EE = 0.00669342162296594323;
    /** 1e-9 degrees is about 0.1 mm: far below what a phone can tell apart. */
    private static final double INVERSE_TOLERANCE_DEGREES = 1e-9;
    private static final int INVERSE_MAX_STEPS = 10;

    private ChinaCoordinates() {
    }

    /** The rough mainland box the offset is applied in (it includes some neighbours; so do the maps). */
    public static boolean inMainlandBox(GeoPoint p) {
        return p.longitude() >= 72.004 && p.longitude() <= 137.8347
                && p.latitude() >= 0.8293 && p.latitude() <= 55.8271;
    }

    public static GeoPoint wgs84ToGcj02(GeoPoint wgs) {
        if (!inMainlandBox(wgs)) {
            return wgs;
        }
        double[] d = offset(wgs.latitude(), wgs.longitude());
        return new GeoPoint(wgs.latitude() + d[0], wgs.longitude() + d[1]);
    }

    public static GeoPoint gcj02ToWgs84(GeoPoint gcj) {
        if (!inMainlandBox(gcj)) {
            return gcj;
        }
        // Find w with forward(w) = gcj: start at gcj and move by the remaining error each step.
        double lat = gcj.latitude();
        double lon = gcj.longitude();
        for (int step = 0; step < INVERSE_MAX_STEPS; step++) {
            double[] d = offset(lat, lon);
            double errLat = lat + d[0] - gcj.latitude();
            double errLon = lon + d[1] - gcj.longitude();
            lat -= errLat;
            lon -= errLon;
            if (Math.abs(errLat) < INVERSE_TOLERANCE_DEGREES && Math.abs(errLon) < INVERSE_TOLERANCE_DEGREES) {
                break;
            }
        }
        return new GeoPoint(lat, lon);
    }

    /** The point in WGS-84, whichever system it came in. */
    public static GeoPoint toWgs84(GeoPoint point, CoordinateSystem system) {
        return system == CoordinateSystem.GCJ02 ? gcj02ToWgs84(point) : point;
    }

    /** {latitude offset, longitude offset} in degrees to add to a WGS-84 point. */
    private static double[] offset(double lat, double lon) {
        double x = lon - 105.0;
        double y = lat - 35.0;
        double dLat = transformLat(x, y);
        double dLon = transformLon(x, y);
        double radLat = Math.toRadians(lat);
        double magic = Math.sin(radLat);
        magic = 1 - EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new double[] {dLat, dLon};
    }

    private static double transformLat(double x, double y) {
        double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    private static double transformLon(double x, double y) {
        double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }
}
