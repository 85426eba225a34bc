package cn.palmcommunity.web;

import cn.palmcommunity.testsupport.Fixtures;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A rider opens one station from the list: hours in words, what its kind adds, check-in, and the page again without signal. */
@QuarkusTest
class StationDetailJourneyTest extends PhoneJourney {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    private static long station(String admin, Map<String, Object> fields, double lat, double lng, double northMetres) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("lat", lat + northMetres / 111_320.0);
        body.put("lng", lng);
        body.put("coord", "wgs84");
        body.put("communityId", 1);
        return ((Number) given().auth().oauth2(admin).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/api/stations").then().statusCode(201).extract().path("id")).longValue();
    }

    @Test
    void opensAStationFromTheListWithItsKindsDetailsChecksInAndShowsItAgainOffline() {
        // Outside the demo district's streets (and away from the rider journey's spot): only this test's stations are near.
        double lat = 36.3105 + Math.random() * 0.01;
        double lng = 120.7302;
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        String compound = "海湾花园" + tag;
        String legal = "法律援助站" + tag;
        String eatery = "骑手餐厅" + tag;
        long compoundId = station(admin, Map.of("kind", "RIDER_COMPOUND", "name", compound, "address", "海湾路8号",
                "openingHours", "24/7", "amenities", List.of("TOILET", "DRINKING_WATER"),
                "riderGate", "北门（24小时）", "entranceGuide", "从北门进入后右转，3号楼在右手边", "entryRules", "电动车停在门口，步行进入"),
                lat, lng, 200);
        long legalId = station(admin, Map.of("kind", "LEGAL_AID", "name", legal, "address", "海湾路20号",
                "openingHoursJson", Map.of("alwaysOpen", false, "holidays", "closed", "holidayIntervals", List.of(), "weekly", List.of(
                        Map.of("days", List.of("MO", "TU", "WE", "TH", "FR"), "opens", "09:00", "closes", "17:00"))),
                "legalService", "劳动争议、交通事故法律咨询"), lat, lng, 500);
        station(admin, Map.of("kind", "EATERY", "name", eatery, "openingHours", "24/7", "discount", "凭骑手证件九折"), lat, lng, 900);

        try (BrowserContext context = browser.phone(base, lat, lng, true)) {
            Page page = context.newPage();
            page.navigate("/rider/");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("只看营业中")).click();
            assertThat(page.locator("#station-count")).hasText("共 3 个");
            // The list's first load does not fetch the detail page's module.
            @SuppressWarnings("unchecked")
            List<String> loaded = (List<String>) page.evaluate("() => performance.getEntriesByType('resource').map((e) => e.name)");
            assertFalse(loaded.stream().anyMatch(u -> u.endsWith("/app/station.js")), "station.js loaded with the list: " + loaded);

            // The rider-friendly compound: always open, the gate and the way in.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("1. " + compound)).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(compound).setLevel(2))).isVisible();
            assertThat(page.locator("#page-title")).hasText(compound);
            assertThat(page.locator("#open-state")).hasText("营业中");
            assertThat(page.locator("#hours-words li")).hasText(new String[] {"全天 24 小时开放（含节假日）"});
            assertThat(page.locator("#entrance-guide")).containsText("从北门进入后右转，3号楼在右手边");
            assertThat(page.getByText("北门（24小时）")).isVisible();
            assertThat(page.locator("#amenities li")).hasText(new String[] {"饮用热水", "卫生间"});
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("导航到" + compound)))
                    .hasAttribute("href", java.util.regex.Pattern.compile("^https://uri\\.amap\\.com/navigation"));
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "station-1-compound");

            // Check in from the station's page.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("在" + compound + "签到")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("签到成功"))).isVisible();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("在" + compound + "签到"))).hasText("已签到");

            // The legal-aid station: office hours in words, weekend and holidays named as closed, its services.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("返回")).click();
            assertThat(page.locator("#station-count")).hasText("共 3 个");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("2. " + legal)).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("办公时间"))).isVisible();
            assertThat(page.locator("#hours-words li")).hasText(new String[] {"周一至周五 09:00–17:00", "周六、周日休息", "法定节假日休息"});
            assertThat(page.locator("#legal-service")).containsText("劳动争议、交通事故法律咨询");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.screenshot(page, "station-2-legal-aid");

            // In English, the same page in the reader's words.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Switch to English")).click();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Office hours"))).isVisible();
            assertThat(page.locator("#hours-words li")).hasText(new String[] {"Mon to Fri 09:00–17:00", "Closed Sat, Sun", "Closed on public holidays"});
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("切换到中文")).click();

            // The eatery's discount.
            page.navigate("/rider/#/list");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("3. " + eatery)).click();
            assertThat(page.locator("#discount")).containsText("凭骑手证件九折");

            // No signal: the stations opened lately still open, marked as saved.
            page.waitForFunction("() => navigator.serviceWorker.controller !== null");
            page.navigate("/rider/#/station/" + compoundId);
            page.reload(); // through the service worker, which keeps the page, its modules and this station
            assertThat(page.locator("#entrance-guide")).containsText("从北门进入后右转");
            context.setOffline(true);
            page.reload();
            assertThat(page.locator("#offline-banner")).containsText("离线模式：显示");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(compound).setLevel(2))).isVisible();
            assertThat(page.locator("#entrance-guide")).containsText("从北门进入后右转，3号楼在右手边");
            PhoneBrowser.screenshot(page, "station-3-offline");
            // One never opened is an error with a retry, never a blank page.
            page.navigate("/rider/#/station/" + (legalId + 1_000_000));
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("重试"))).isVisible();
            context.setOffline(false);
        }
        assertEquals(1L, fixtures.count("SELECT count(*) FROM station_checkin WHERE station_id = $1", compoundId));
    }
}
