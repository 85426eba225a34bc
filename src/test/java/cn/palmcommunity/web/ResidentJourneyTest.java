package cn.palmcommunity.web;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resident's app in a phone browser: filing with a photo and position, following, co-signing, offline. */
@QuarkusTest
class ResidentJourneyTest extends PhoneJourney {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    /** A community's centre (WGS-84), nudged so that tests do not stand on each other's petitions. */
    private double[] near(long communityId, double northMetres) {
        Row row = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = $1", communityId)
                .iterator().next();
        return new double[] {row.getDouble(0) + northMetres / 111_320.0, row.getDouble(1)};
    }

    private static Page signedIn(BrowserContext context) {
        Page page = context.newPage();
        page.navigate("/resident/");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("演示账号登录（仅限演示区）")).click();
        assertThat(page.getByLabel("诉求类别")).isVisible();
        return page;
    }

    private static Locator fieldError(Page page, String field) {
        return page.locator("[data-field=\"" + field + "\"] .field-error");
    }

    @Test
    void filesAPetitionWithAPhotoThenFollowsItInMyPetitions() {
        double[] here = near(23, 40);
        String text = "楼道灯坏了一个星期 " + UUID.randomUUID();
        try (BrowserContext context = browser.phone(base, here[0], here[1], false)) {
            Page page = signedIn(context);
            assertThat(page.getByText("已获取当前位置")).isVisible();
            page.getByLabel("诉求类别").selectOption("PUBLIC_FACILITIES");
            page.getByLabel("问题描述").fill(text);
            page.getByLabel("联系电话（选填）").fill("12345");
            page.locator("input[type=file]").setInputFiles(PhoneBrowser.photo("stairs"));
            assertThat(page.getByAltText("待上传的第 1 张照片")).isVisible();
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);

            // The server rejects the phone number: the message stands next to that field, in Chinese…
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提交诉求")).click();
            assertThat(fieldError(page, "contactPhone")).hasText("请填写 11 位手机号码");
            assertThat(page.getByLabel("联系电话（选填）")).hasAttribute("aria-invalid", "true");
            PhoneBrowser.screenshot(page, "resident-1-rejected-zh");

            // …and in English after the switch; what was typed (and the photo) is still there.
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Switch to English")).click();
            assertThat(page.getByLabel("Contact phone (optional)")).hasValue("12345");
            assertThat(page.getByAltText("Photo 1 to upload")).isVisible();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
            assertThat(fieldError(page, "contactPhone")).hasText("Enter an 11-digit mobile number");
            PhoneBrowser.screenshot(page, "resident-2-rejected-en");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("切换到中文")).click();

            page.getByLabel("联系电话（选填）").fill("13800001234");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提交诉求")).click();

            // The petition's own page: what I wrote, my photo, and the first step of its timeline.
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("诉求详情"))).isVisible();
            assertThat(page.getByText(text)).isVisible();
            assertThat(page.locator(".status").first()).hasText("待受理");
            assertThat(page.locator("#timeline li")).hasCount(1);
            assertThat(page.locator("#timeline li").first()).containsText("提交诉求");
            Locator photo = page.getByAltText("诉求照片 1");
            assertThat(photo).isVisible();
            page.waitForFunction("img => img.complete && img.naturalWidth > 0", photo.elementHandle());
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.screenshot(page, "resident-3-petition");

            // My petitions lists it, once.
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("我的诉求")).click();
            assertThat(page.locator("#my-petitions li")).hasCount(1);
            assertThat(page.locator("#my-petitions li").first()).containsText(text);
            assertThat(page.locator("#my-petitions li").first()).containsText("待受理");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "resident-4-my-petitions");
        }
        // Stored once, where the phone was (WGS-84 sent as such: no GCJ-02 shift of ~500 m), with the photo.
        Row stored = fixtures.sql("""
                SELECT p.id, ST_Distance(p.location, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS off,
                       (SELECT count(*) FROM petition_photo pp WHERE pp.petition_id = p.id) AS photos, p.contact_phone
                  FROM petition p WHERE p.body = $1""", text, here[1], here[0]).iterator().next();
        assertTrue(stored.getDouble("off") < 1.0, "stored " + stored.getDouble("off") + " m from where the phone was");
        assertEquals(1L, stored.getLong("photos"));
        assertEquals("13800001234", stored.getString("contact_phone"));
        assertEquals(1L, fixtures.count("SELECT count(*) FROM petition WHERE body = $1", text));
    }

    @Test
    void coSignsAnOpenPetitionNearbyInsteadOfFilingItAgain() {
        double[] here = near(31, -60);
        String theirs = "夜里施工噪音 " + UUID.randomUUID();
        String neighbour = given().contentType(ContentType.JSON).body(Map.of("deviceId", UUID.randomUUID().toString()))
                .post("/api/auth/demo-resident").then().statusCode(200).extract().path("accessToken");
        given().auth().oauth2(neighbour).contentType(ContentType.JSON)
                .body(Map.of("categoryCode", "NOISE", "text", theirs,
                        "location", Map.of("latitude", here[0], "longitude", here[1], "coord", "WGS84")))
                .post("/api/petitions").then().statusCode(201);
        try (BrowserContext context = browser.phone(base, here[0], here[1] + 0.0002, false)) {
            Page page = signedIn(context);
            assertThat(page.getByText("已获取当前位置")).isVisible();
            page.getByLabel("诉求类别").selectOption("NOISE");
            Locator nearby = page.locator("section.banner");
            assertThat(nearby).isVisible();
            int shown = nearby.locator("li").count();
            assertThat(nearby.getByRole(AriaRole.HEADING)).hasText("附近已有 " + shown + " 条相同类别的诉求");
            Locator same = nearby.locator("li").filter(new Locator.FilterOptions().setHasText(theirs));
            assertThat(same).hasCount(1);
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.screenshot(page, "resident-5-nearby");
            same.getByRole(AriaRole.BUTTON).click();
            assertThat(page.getByText("已附议，您会收到这条诉求的进展")).isVisible();
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("诉求详情"))).isVisible();
            assertThat(page.locator("#timeline li").last()).containsText("附议");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("我的诉求")).click();
            assertThat(page.locator("#my-petitions li")).hasCount(1);
            assertThat(page.locator("#my-petitions li").first()).containsText("我附议的");
        }
        assertEquals(1L, fixtures.count("SELECT count(*) FROM petition WHERE body = $1", theirs));
        assertEquals(1L, fixtures.count("""
                SELECT count(*) FROM petition_cosigner c JOIN petition p ON p.id = c.petition_id WHERE p.body = $1""", theirs));
    }

    @Test
    void aPetitionWrittenOfflineWaitsOnThePhoneAndIsSentOnceBackOnline() {
        double[] here = near(44, 25);
        String text = "垃圾桶满了没人清 " + UUID.randomUUID();
        try (BrowserContext context = browser.phone(base, here[0], here[1], false)) {
            Page page = signedIn(context);
            assertThat(page.getByText("已获取当前位置")).isVisible();
            context.setOffline(true);
            page.getByLabel("诉求类别").selectOption("SANITATION");
            page.getByLabel("问题描述").fill(text);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提交诉求")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("诉求已保存在手机上"))).isVisible();
            assertThat(page.locator("#outbox li")).hasCount(1);
            assertThat(page.locator("#outbox li")).containsText("等待网络");
            // The rest of the list cannot load: it says why and offers a retry, never a blank page.
            assertThat(page.getByRole(AriaRole.ALERT).filter(new Locator.FilterOptions().setHasText("网络连接已断开"))).isVisible();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("重试"))).isVisible();
            PhoneBrowser.screenshot(page, "resident-6-offline-queued");
            assertEquals(0L, fixtures.count("SELECT count(*) FROM petition WHERE body = $1", text));

            context.setOffline(false);
            assertThat(page.getByText("离线时保存的 1 条诉求已提交")).isVisible();
            assertThat(page.locator("#outbox li")).hasCount(0);
            assertThat(page.locator("#my-petitions li").filter(new Locator.FilterOptions().setHasText(text))).hasCount(1);
            // Opening the app again sends nothing more.
            page.reload();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("我的诉求")).click();
            assertThat(page.locator("#my-petitions li")).hasCount(1);
            PhoneBrowser.screenshot(page, "resident-7-offline-sent");
        }
        assertEquals(1L, fixtures.count("SELECT count(*) FROM petition WHERE body = $1", text));
    }

    @Test
    void anAnswerLostOnTheWayBackIsRetriedWithTheSameKeyAndFilesOnce() {
        double[] here = near(52, -30);
        String text = "小区门口井盖松动 " + UUID.randomUUID();
        AtomicInteger reached = new AtomicInteger();
        try (BrowserContext context = browser.phone(base, here[0], here[1], false)) {
            Page page = signedIn(context);
            assertThat(page.getByText("已获取当前位置")).isVisible();
            // The request reaches the server, which files it; the answer never reaches the phone.
            page.route("**/api/petitions", route -> {
                if ("POST".equals(route.request().method())) {
                    reached.incrementAndGet();
                    route.fetch();
                    route.abort("connectionreset");
                } else {
                    route.resume();
                }
            });
            page.getByLabel("诉求类别").selectOption("PUBLIC_FACILITIES");
            page.getByLabel("问题描述").fill(text);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提交诉求")).click();
            assertThat(page.locator("#outbox li")).hasCount(1);
            assertEquals(1, reached.get());
            assertEquals(1L, fixtures.count("SELECT count(*) FROM petition WHERE body = $1", text));

            // Next time the app opens, the saved petition goes again with its key: the server answers
            // with what it answered the first time, and nothing new is filed.
            page.unroute("**/api/petitions");
            page.reload();
            assertThat(page.getByText("离线时保存的 1 条诉求已提交")).isVisible();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("我的诉求")).click();
            assertThat(page.locator("#outbox li")).hasCount(0);
            assertThat(page.locator("#my-petitions li")).hasCount(1);
        }
        assertEquals(1L, fixtures.count("SELECT count(*) FROM petition WHERE body = $1", text));
    }
}
