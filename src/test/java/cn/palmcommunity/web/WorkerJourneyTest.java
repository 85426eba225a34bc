package cn.palmcommunity.web;

import cn.palmcommunity.demo.DemoDistrictLoader;
import cn.palmcommunity.testsupport.Fixtures;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A community worker on the phone: log in, accept, dispatch, urge and resolve; the dashboard; the resident rates it. */
@QuarkusTest
class WorkerJourneyTest extends PhoneJourney {

    /** A demo account (README): its community's petitions are this test's own, found by their text. */
    private static final String WORKER = "worker.c120";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    /** A finger dragging the page down from the top and letting go. */
    private static void pullDown(Page page) {
        page.evaluate("""
                () => {
                  const at = (y) => new Touch({ identifier: 1, target: document.body, clientX: 195, clientY: y });
                  window.dispatchEvent(new TouchEvent('touchstart', { touches: [at(120)], bubbles: true }));
                  for (const y of [160, 220, 280, 320]) {
                    window.dispatchEvent(new TouchEvent('touchmove', { touches: [at(y)], bubbles: true }));
                  }
                  window.dispatchEvent(new TouchEvent('touchend', { touches: [], bubbles: true }));
                }""");
    }

    @Test
    void acceptsDispatchesUrgesAndResolvesAPetitionThenTheResidentRatesIt() {
        long community = fixtures.count("SELECT community_id FROM account WHERE username = $1", WORKER);
        Row centre = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = $1", community)
                .iterator().next();
        double lat = centre.getDouble(0);
        double lng = centre.getDouble(1);
        String text = "单元门禁坏了，老人进不去 " + UUID.randomUUID();
        String residentDevice = UUID.randomUUID().toString();
        String resident = given().contentType(ContentType.JSON).body(Map.of("deviceId", residentDevice))
                .post("/api/auth/demo-resident").then().statusCode(200).extract().path("accessToken");
        long id = ((Number) given().auth().oauth2(resident).contentType(ContentType.JSON)
                .body(Map.of("categoryCode", "PUBLIC_FACILITIES", "text", text,
                        "location", Map.of("latitude", lat, "longitude", lng, "coord", "WGS84")))
                .post("/api/petitions").then().statusCode(201).extract().path("id")).longValue();

        try (BrowserContext context = browser.phone(base, lat, lng, false)) {
            Page page = context.newPage();
            page.navigate("/worker/");
            page.getByLabel("用户名").fill(WORKER);
            page.getByLabel("密码").fill("wrong-password");
            page.getByRole(AriaRole.BUTTON, named("登录")).click();
            assertThat(page.locator("[data-field=password] .field-error")).hasText("用户名或密码错误");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "worker-1-login-rejected");
            page.getByLabel("密码").fill(DemoDistrictLoader.DEMO_PASSWORD);
            page.getByRole(AriaRole.BUTTON, named("登录")).click();

            // The inbox opens on "to accept"; the new petition is there.
            assertThat(page.locator(".segmented [aria-pressed=true]")).hasText("待受理");
            Locator mine = page.locator("#inbox li").filter(new Locator.FilterOptions().setHasText(text));
            assertThat(mine).hasCount(1);
            assertThat(mine).containsText("待受理");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "worker-2-inbox");

            // A petition arriving meanwhile shows after pulling the list down (pull to refresh).
            String later = "楼顶水箱漏水 " + UUID.randomUUID();
            given().auth().oauth2(resident).contentType(ContentType.JSON)
                    .body(Map.of("categoryCode", "PUBLIC_FACILITIES", "text", later,
                            "location", Map.of("latitude", lat, "longitude", lng, "coord", "WGS84")))
                    .post("/api/petitions").then().statusCode(201);
            assertThat(page.locator("#inbox li").filter(new Locator.FilterOptions().setHasText(later))).hasCount(0);
            pullDown(page);
            assertThat(page.locator("#inbox li").filter(new Locator.FilterOptions().setHasText(later))).hasCount(1);
            mine = page.locator("#inbox li").filter(new Locator.FilterOptions().setHasText(text));
            mine.getByRole(AriaRole.LINK).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("诉求 #" + id))).isVisible();
            assertThat(page.getByText(text)).isVisible();

            // 受理
            page.locator("#actions").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("受理").setExact(true)).click();
            Locator sheet = page.locator("dialog[open]");
            sheet.getByLabel("备注（选填）").fill("今天下午上门查看");
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("受理").setExact(true)).click();
            assertThat(page.locator("section.card .status").first()).hasText("已受理");
            assertThat(page.locator("#timeline li")).hasCount(2);
            assertThat(page.locator("#timeline li").last()).containsText("今天下午上门查看");

            // 派单 to one of the community's grids
            page.locator("#actions").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("派单").setExact(true)).click();
            sheet = page.locator("dialog[open]");
            assertThat(sheet.getByLabel("派给")).hasValue("GRID");
            assertThat(sheet.getByLabel("接收单位").locator("option")).not().hasCount(0);
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.screenshot(page, "worker-3-dispatch");
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("派单").setExact(true)).click();
            assertThat(page.locator("section.card .status").first()).hasText("已派单");
            assertThat(page.locator("#timeline li")).hasCount(3);

            // 催办
            page.locator("#actions").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("催办").setExact(true)).click();
            sheet = page.locator("dialog[open]");
            sheet.getByLabel("备注（选填）").fill("居民反映老人进出不便，请尽快");
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("催办").setExact(true)).click();
            assertThat(page.locator("#timeline li")).hasCount(4);
            assertThat(page.locator("#timeline li").last()).containsText("催办");

            // 办结: an empty result is refused next to its field, then the real one goes through.
            page.locator("#actions").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("办结").setExact(true)).click();
            sheet = page.locator("dialog[open]");
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("办结").setExact(true)).click();
            assertThat(sheet.locator("[data-field=resultText] .field-error")).hasText("请填写此项");
            PhoneBrowser.screenshot(page, "worker-4-resolve-rejected");
            sheet.getByLabel("办理结果（居民可见）").fill("已更换门禁读卡器，恢复正常");
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("办结").setExact(true)).click();
            assertThat(page.locator("section.card .status").first()).hasText("已办结");
            assertThat(page.locator("#timeline li")).hasCount(5);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "worker-5-resolved");

            // The dashboard: the three rates as a chart, and the hotspot map with this petition's cell.
            page.getByRole(AriaRole.LINK, named("数据看板")).click();
            Locator chart = page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName(java.util.regex.Pattern.compile("^三率柱状图")));
            assertThat(chart).isVisible();
            assertThat(chart).hasAttribute("aria-label", java.util.regex.Pattern.compile("响应率 .*解决率 .*满意率 "));
            assertThat(chart.locator("rect.bar")).hasCount(3);
            assertThat(page.locator(".map svg polygon").first()).isVisible();
            assertTrue(page.locator("#hotspots li").count() >= 1);
            assertThat(page.locator("#hotspots li").first()).containsText("件");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "worker-6-dashboard");
        }
        assertEquals("RESOLVED", fixtures.sql("SELECT status FROM petition WHERE id = $1", id).iterator().next().getString(0));
        assertEquals(1L, fixtures.count("SELECT urge_count FROM petition WHERE id = $1", id));
        assertEquals("GRID", fixtures.sql("SELECT dispatch_target_type FROM petition WHERE id = $1", id).iterator().next().getString(0));

        // The resident, on the same phone as before (same device id), reads the answer and rates it.
        try (BrowserContext context = browser.phone(base, lat, lng, false)) {
            context.addInitScript("localStorage.setItem('palm.device', '" + residentDevice + "')");
            Page page = context.newPage();
            page.navigate("/resident/#/mine");
            page.getByRole(AriaRole.BUTTON, named("演示账号登录（仅限演示区）")).click();
            Locator item = page.locator("#my-petitions li").filter(new Locator.FilterOptions().setHasText(text));
            assertThat(item).containsText("已办结");
            item.getByRole(AriaRole.LINK).click();
            assertThat(page.getByText("已更换门禁读卡器，恢复正常")).isVisible();
            assertThat(page.locator("#timeline li")).hasCount(5);
            assertThat(page.locator("#timeline li").nth(1)).containsText("今天下午上门查看");
            page.getByRole(AriaRole.BUTTON, named("5 星")).click();
            page.getByLabel("评价内容（选填）").fill("修得很快");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.screenshot(page, "worker-7-resident-rates");
            page.getByRole(AriaRole.BUTTON, named("提交评价")).click();
            assertThat(page.getByText("您的评价：5 星")).isVisible();
            assertThat(page.locator("section.card .status").first()).hasText("已回访");
        }
        assertEquals(5L, fixtures.count("SELECT rating FROM petition WHERE id = $1", id));
    }
}
