package cn.palmcommunity.station;

import cn.palmcommunity.geo.ChinaCoordinates;
import cn.palmcommunity.geo.CoordinateSystem;
import cn.palmcommunity.geo.GeoPoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Positions as the client asked for them, and the link that starts navigation. */
final class StationLinks {

    private StationLinks() {
    }

    /** A stored (WGS-84) point in the client's system. */
    static GeoPoint out(GeoPoint wgs84, CoordinateSystem coord) {
        return coord == CoordinateSystem.GCJ02 ? ChinaCoordinates.wgs84ToGcj02(wgs84) : wgs84;
    }

    static String name(CoordinateSystem coord) {
        return coord.name().toLowerCase(Locale.ROOT);
    }

    /**
     * AMap's URI API, which opens the AMap app (or its web page) with walking directions; AMap, like
     * WeChat's own map, takes GCJ-02. The mini program may equally call wx.openLocation with lat/lng.
     */
    static String navigationUrl(GeoPoint wgs84, String name) {
        GeoPoint gcj = ChinaCoordinates.wgs84ToGcj02(wgs84);
        String label = URLEncoder.encode(name.replace(",", " "), StandardCharsets.UTF_8).replace("+", "%20");
        // Built by hand: a search answers twenty of these, and String.format was a tenth of its CPU time.
        StringBuilder url = new StringBuilder(96 + label.length()).append("https://uri.amap.com/navigation?to=");
        appendMicrodegrees(url, gcj.longitude()).append(',');
        appendMicrodegrees(url, gcj.latitude()).append(',').append(label);
        return url.append("&mode=walk&coordinate=gaode&callnative=1").toString();
    }

    /** {@code degrees} rounded to six decimals (about 0.1 m), as %.6f would write it. */
    static StringBuilder appendMicrodegrees(StringBuilder out, double degrees) {
        long micro = Math.round(degrees * 1_000_000d);
        if (micro < 0) {
            out.append('-');
            micro = -micro;
        }
        String fraction = Long.toString(micro % 1_000_000);
        out.append(micro / 1_000_000).append('.');
        for (int pad = fraction.length(); pad < 6; pad++) {
            out.append('0');
        }
        return out.append(fraction);
    }

    static String photoUrl(long stationId, Object photoId) {
        return "/api/stations/" + stationId + "/photos/" + photoId;
    }
}
