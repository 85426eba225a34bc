package cn.palmcommunity.web;

import cn.palmcommunity.testsupport.Fixtures;
import com.google.gson.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.WaitUntilState;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A delivery rider, no login: nearest stations, filters, check-in, a problem report, the map, and a lift with no signal. */
@QuarkusTest
class RiderJourneyTest extends PhoneJourney {

    /** First load of the rider page, everything it fetches, as transferred (compressed, with headers). */
    static final long PAGE_BUDGET_BYTES = 200 * 1024;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    /** A station this test owns, north of the rider by the given metres (WGS-84). */
    private long station(String admin, String kind, String name, double lat, double lng, double northMetres, List<String> amenities) {
        Map<String, Object> body = Map.of("kind", kind, "name", name, "address", name + "门口",
                "lat", lat + northMetres / 111_320.0, "lng", lng, "coord", "wgs84", "communityId", 1,
                "amenities", amenities, "openingHours", "24/7");
        return ((Number) given().auth().oauth2(admin).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/api/stations").then().statusCode(201).extract().path("id")).longValue();
    }

    private static List<String> names(Page page) {
        return page.locator("#stations li h2").allTextContents().stream().map(s -> s.replaceFirst("^\\d+\\. ", "")).toList();
    }

    @Test
    void findsTheNearestOpenStationsFiltersChecksInReportsAndKeepsTheListOffline() {
        // Outside the demo district's streets, so that only this test's stations are within reach.
        double lat = 36.2405 + Math.random() * 0.01;
        double lng = 120.6302;
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        String a = "甲驿站" + tag;
        String b = "乙驿站" + tag;
        String c = "丙餐厅" + tag;
        String d = "丁驿站" + tag;
        long aId = station(admin, "WARM", a, lat, lng, 300, List.of("TOILET", "PHONE_CHARGING", "SEATS"));
        station(admin, "WARM", b, lat, lng, 800, List.of("MICROWAVE", "DRINKING_WATER"));
        station(admin, "EATERY", c, lat, lng, 1500, List.of("TOILET", "MICROWAVE"));
        long dId = station(admin, "WARM", d, lat, lng, 600, List.of("MICROWAVE", "HEATING"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("from", OffsetDateTime.now().minusHours(1).toString(), "until", OffsetDateTime.now().plusDays(1).toString(),
                        "reason", "供暖设备检修"))
                .post("/api/stations/" + dId + "/closures").then().statusCode(201);

        try (BrowserContext context = browser.phone(base, lat, lng, true)) {
            Page page = context.newPage();
            page.navigate("/rider/");

            // Open now, nearest first (the closed one is left out).
            assertThat(page.locator("#station-count")).hasText("共 3 个");
            assertEquals(List.of(a, b, c), names(page));
            assertThat(page.locator("#stations li").first().locator(".distance")).hasText(java.util.regex.Pattern.compile("^(29\\d|30\\d) 米$"));
            assertThat(page.locator("#stations li").nth(2).locator(".distance")).hasText("1.5 公里");
            assertThat(page.locator("#stations li").first()).containsText("营业中");
            assertThat(page.locator("#stations li").first().getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("导航到" + a)))
                    .hasAttribute("href", java.util.regex.Pattern.compile("^https://uri\\.amap\\.com/navigation"));

            // What the first load cost: the page, its styles and modules, and its first answers.
            @SuppressWarnings("unchecked")
            Map<String, Number> weight = (Map<String, Number>) page.evaluate("""
                    () => {
                      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
                      return {
                        transferred: entries.reduce((sum, e) => sum + e.transferSize, 0),
                        decoded: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
                        requests: entries.length,
                      };
                    }""");
            long transferred = weight.get("transferred").longValue();
            System.out.printf("Rider page first load: %d bytes transferred (%d decoded) in %d requests%n",
                    transferred, weight.get("decoded").longValue(), weight.get("requests").intValue());
            assertTrue(transferred > 0 && transferred < PAGE_BUDGET_BYTES, "rider page first load " + transferred + " bytes");
            PhoneBrowser.assertAccessible(page);
            int texts = PhoneBrowser.assertContrast(page);
            assertTrue(texts > 10);
            PhoneBrowser.screenshot(page, "rider-1-nearest");

            // Only stations with a microwave…
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("微波炉加热")).click();
            assertThat(page.locator("#station-count")).hasText("共 2 个");
            assertEquals(List.of(b, c), names(page));
            // …also the closed ones: the closure and its reason show.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("只看营业中")).click();
            assertThat(page.locator("#station-count")).hasText("共 3 个");
            assertEquals(List.of(d, b, c), names(page));
            assertThat(page.locator("#stations li").first()).containsText("暂停开放：供暖设备检修");
            PhoneBrowser.screenshot(page, "rider-2-filtered");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("只看营业中")).click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("微波炉加热")).click();
            assertThat(page.locator("#station-count")).hasText("共 3 个");

            // Check in at the nearest.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("在" + a + "签到")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("签到成功"))).isVisible();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("在" + a + "签到"))).hasText("已签到");

            // Report a problem there: an empty report is refused next to the field, then it goes.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("反馈" + a + "的问题")).click();
            Locator sheet = page.locator("dialog[open]");
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("提交")).click();
            assertThat(sheet.locator("[data-field=text] .field-error")).hasText("请填写此项");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.screenshot(page, "rider-3-report-rejected");
            sheet.getByLabel("问题描述").fill("充电柜第二排插座没有电");
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("提交")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("已收到反馈"))).isVisible();
            assertThat(page.locator("dialog[open]")).hasCount(0);

            // The map: a marker per station, numbered as in the list, and where I am; no tiles needed.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("地图")).click();
            Locator markers = page.locator(".map .marker");
            assertThat(markers).hasCount(3);
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(
                    java.util.regex.Pattern.compile("^1\\. " + a + "，\\d+ 米$")))).isVisible();
            assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName("我的位置"))).isVisible();
            assertThat(page.getByText("未配置底图，仅显示标记")).isVisible();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("3. " + c + "，1.5 公里")).click();
            assertThat(page.locator("#selected-station h2")).hasText("3. " + c);
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "rider-4-map");

            // In a lift: no signal. The service worker answers with the last list it saw.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("附近驿站")).click();
            page.waitForFunction("() => navigator.serviceWorker.controller !== null");
            page.reload(); // once more online, now through the service worker, which keeps the page and the answer
            assertThat(page.locator("#station-count")).hasText("共 3 个");
            context.setOffline(true);
            page.reload();
            assertThat(page.locator("#offline-banner")).containsText("离线模式：显示");
            assertThat(page.locator("#station-count")).hasText("共 3 个");
            assertEquals(List.of(a, b, c), names(page));
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("在" + a + "签到"))).hasText("已签到");
            // Filters still work on the saved list.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("卫生间")).click();
            assertThat(page.locator("#station-count")).hasText("共 2 个");
            assertEquals(List.of(a, c), names(page));
            PhoneBrowser.screenshot(page, "rider-5-offline");
            context.setOffline(false);
        }
        assertEquals(1L, fixtures.count("SELECT count(*) FROM station_checkin WHERE station_id = $1", aId));
        assertEquals(1L, fixtures.count("SELECT count(*) FROM station_problem WHERE station_id = $1", aId));
    }

    /**
     * Chrome DevTools' "Slow 3G" (2 s round trips, 50 KB/s each way), first visit, no service worker:
     * the page says it is loading at once (never blank), and the nearest stations follow.
     */
    @Test
    void theNearestStationsArriveOverASlow3GConnection() {
        double lat = 36.5605 + Math.random() * 0.01; // far from the other journey's stations (tens of km)
        double lng = 121.1702;
        String name = "慢网驿站" + UUID.randomUUID().toString().substring(0, 6);
        station(Fixtures.accessToken(fixtures.districtAdmin()), "WARM", name, lat, lng, 250, List.of("TOILET"));

        try (BrowserContext context = browser.phone(base, lat, lng, false)) {
            Page page = context.newPage();
            CDPSession devtools = context.newCDPSession(page);
            devtools.send("Network.enable");
            JsonObject slow3g = new JsonObject();
            slow3g.addProperty("offline", false);
            slow3g.addProperty("latency", 2000);
            slow3g.addProperty("downloadThroughput", 50_000);
            slow3g.addProperty("uploadThroughput", 50_000);
            devtools.send("Network.emulateNetworkConditions", slow3g);
            long started = System.nanoTime();
            page.navigate("/rider/", new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT).setTimeout(60_000));
            assertThat(page.getByRole(AriaRole.STATUS).first()).containsText("加载中");
            assertThat(page.locator("#stations li").first()).containsText(name,
                    new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("Rider page over slow 3G: nearest stations shown after %d ms%n", millis);
            assertTrue(millis < 45_000, "stations after " + millis + " ms on slow 3G");
            PhoneBrowser.screenshot(page, "rider-6-slow-3g");
        }
    }
}
