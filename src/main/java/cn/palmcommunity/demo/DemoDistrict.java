package cn.palmcommunity.demo;

import java.util.List;

/** The generated organisation tree. Ids are assigned here so the whole district is reproducible. */
public record DemoDistrict(Unit district, List<Unit> streets, List<Community> communities) {

    public record Unit(long id, String code, String name) {
    }

    /** A community, its parent street, its grids, how many residents it gets, and its centre (WGS-84). */
    public record Community(long id, long streetId, String code, String name, List<Unit> grids, int residents, List<String> roads,
                            double latitude, double longitude) {
    }
}
