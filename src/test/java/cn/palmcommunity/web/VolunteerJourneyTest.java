package cn.palmcommunity.web;

import cn.palmcommunity.testsupport.Fixtures;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A resident becomes a volunteer on the phone: registers (a bad phone number is shown next to the
 * field), finds a task nearby and signs up, answers an invitation, checks in and out, and reads the
 * time bank and its certificate.
 */
@QuarkusTest
class VolunteerJourneyTest extends PhoneJourney {

    /** The community this journey's tasks are around; no other test works there. */
    private static final long COMMUNITY = 117;
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    private double[] centre() {
        Row row = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = $1", COMMUNITY)
                .iterator().next();
        return new double[] {row.getDouble(0), row.getDouble(1)};
    }

    private static JsonPath task(String token, String title, double[] place, OffsetDateTime start, int minutes, int headcount) {
        Map<String, Object> body = new HashMap<>();
        body.put("communityId", COMMUNITY);
        body.put("kind", "EVENT_STAFF");
        body.put("title", title);
        body.put("requiredSkills", List.of());
        body.put("startsAt", start.toString());
        body.put("endsAt", start.plusMinutes(minutes).toString());
        body.put("place", Map.of("latitude", place[0], "longitude", place[1], "coord", "WGS84"));
        body.put("placeName", "社区党群服务中心");
        body.put("headcount", headcount);
        body.put("visibility", "PUBLIC");
        return given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/api/volunteer-tasks").then().statusCode(201).extract().jsonPath();
    }

    private static Locator status(Page page, String text) {
        return page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText(text));
    }

    @Test
    void registersSignsUpAnswersAnInvitationChecksInAndOutAndReadsTheTimeBank() {
        double[] here = centre();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "志愿者" + tag.substring(0, 4);
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        // Starts in 20 minutes: open for sign-up, and check-in opens 30 minutes before the start.
        OffsetDateTime soon = OffsetDateTime.now(CHINA).truncatedTo(ChronoUnit.MINUTES).plusMinutes(20);
        String today = "敬老活动服务 " + tag;
        JsonPath first = task(admin, today, new double[] {here[0] + 0.0004, here[1]}, soon, 60, 2);
        String code = first.getString("checkInCode");
        String tomorrow = "周末巡逻 " + tag;
        long second = task(admin, tomorrow, here, soon.plusDays(1), 90, 3).getLong("id");

        try (BrowserContext context = browser.phone(base, here[0], here[1], false)) {
            Page page = context.newPage();
            page.navigate("/resident/#/volunteer");
            page.getByRole(AriaRole.BUTTON, named("演示账号登录（仅限演示区）")).click();

            // Not a volunteer yet: the offer to register.
            assertThat(page.getByRole(AriaRole.HEADING, named("成为志愿者"))).isVisible();
            page.getByRole(AriaRole.LINK, named("登记成为志愿者")).click();
            page.getByLabel("姓名").fill(name);
            page.getByLabel("手机号码（选填）").fill("12345");
            page.getByLabel("关爱探访").check();
            assertThat(page.getByText("以当前位置作为住址")).isVisible();
            page.getByRole(AriaRole.BUTTON, named("登记")).click();
            // The server's refusal stands next to the field, in Chinese.
            assertThat(page.locator("[data-field=phone] .field-error")).hasText("请填写 11 位手机号码");
            assertThat(page.getByLabel("手机号码（选填）")).hasAttribute("aria-invalid", "true");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "volunteer-1-register-rejected");
            page.getByLabel("手机号码（选填）").fill("13800005678");
            page.getByRole(AriaRole.BUTTON, named("登记")).click();
            assertThat(status(page, "登记成功")).isVisible();

            // Tasks nearby: both of this journey's, the nearer first among them, with the places left.
            Locator mine = page.locator("#tasks li").filter(new Locator.FilterOptions().setHasText(tag));
            assertThat(mine).hasCount(2);
            assertThat(mine.first()).containsText(tomorrow);
            assertThat(mine.nth(1)).containsText(today);
            assertThat(mine.nth(1)).containsText("余 2 个名额");
            assertThat(mine.nth(1)).containsText("活动服务 · 社区党群服务中心");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "volunteer-2-nearby");

            // One task, and signing up.
            mine.nth(1).getByRole(AriaRole.LINK).click();
            assertThat(page.getByRole(AriaRole.HEADING, named(today))).isVisible();
            assertThat(page.getByText("技能要求：不限")).isVisible();
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.screenshot(page, "volunteer-3-task");
            page.getByRole(AriaRole.BUTTON, named("报名参加")).click();
            assertThat(status(page, "报名成功")).isVisible();
            Locator booked = page.locator("#bookings article").filter(new Locator.FilterOptions().setHasText(today));
            assertThat(booked.locator(".status")).hasText("已报名");

            // Signing up twice is refused in words, not twice booked.
            page.goBack();
            assertThat(page.getByRole(AriaRole.HEADING, named(today))).isVisible();
            page.getByRole(AriaRole.BUTTON, named("报名参加")).click();
            assertThat(page.locator(".form-error")).hasText("您已经报名了这个任务");

            // The worker invites me to tomorrow's patrol; I accept it.
            long me = fixtures.count("SELECT id FROM volunteer WHERE name = $1", name);
            given().auth().oauth2(admin).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("volunteerIds", List.of(me))).post("/api/volunteer-tasks/" + second + "/invitations")
                    .then().statusCode(200).body("invited.size()", org.hamcrest.Matchers.equalTo(1));
            page.getByRole(AriaRole.LINK, named("志愿服务")).click();
            page.getByRole(AriaRole.LINK, named("我的任务")).click();
            Locator invitation = page.locator("#bookings article").filter(new Locator.FilterOptions().setHasText(tomorrow));
            assertThat(invitation.locator(".status")).hasText("待回复邀请");
            assertThat(page.locator("#bookings article")).hasCount(2);
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "volunteer-4-invited");
            invitation.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("接受邀请：" + tomorrow)).click();
            assertThat(status(page, "已接受邀请")).isVisible();
            assertThat(invitation.locator(".status")).hasText("已报名");
            // Tomorrow's check-in is not open yet: it says when it opens instead of offering a button that would fail.
            assertThat(invitation).containsText("起可签到");
            assertThat(invitation.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("签到：" + tomorrow))).hasCount(0);

            // Check in: a wrong code is refused next to the code; my position at the place is accepted.
            booked.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("签到：" + today)).click();
            Locator sheet = page.locator("dialog[open]");
            sheet.getByLabel("签到码").fill("abcd");
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("用签到码")).click();
            assertThat(sheet.locator("[data-field=code] .field-error")).hasText("签到码不正确");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.screenshot(page, "volunteer-5-check-in-rejected");
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("用当前位置")).click();
            assertThat(status(page, "签到成功")).isVisible();
            assertThat(booked).containsText("签到于");

            // Check out with the lead's code, long before the end: too short to count.
            booked.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("签退：" + today)).click();
            sheet.getByLabel("签到码").fill(code);
            sheet.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("用签到码")).click();
            assertThat(status(page, "本次不计时长")).isVisible();
            assertThat(booked.locator(".status")).hasText("时长不足");

            // The community credits an hour and a half by correction; the time bank and the certificate show it.
            given().auth().oauth2(admin).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("minutes", 90, "reason", "补录上周助老服务")).post("/api/volunteers/" + me + "/hours/corrections")
                    .then().statusCode(201);
            page.getByRole(AriaRole.LINK, named("服务时长")).click();
            assertThat(page.locator("#balance")).hasText("1.5 小时");
            assertThat(page.locator("#ledger li")).hasCount(1);
            assertThat(page.locator("#ledger li").first()).containsText("+1.5 小时");
            assertThat(page.locator("#ledger li").first()).containsText("原因：补录上周助老服务");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "volunteer-6-hours");
            page.getByRole(AriaRole.LINK, named("服务时长证明（可打印）")).click();
            assertThat(page.frameLocator("iframe.certificate").locator("body")).containsText(name);
            assertThat(page.frameLocator("iframe.certificate").locator("body")).containsText("1.5");
            assertThat(page.getByRole(AriaRole.BUTTON, named("打印"))).isVisible();
            PhoneBrowser.screenshot(page, "volunteer-7-certificate");

            // In English.
            page.getByRole(AriaRole.BUTTON, named("Switch to English")).click();
            assertThat(page.getByRole(AriaRole.BUTTON, named("Print"))).isVisible();
            page.getByRole(AriaRole.BUTTON, named("Back")).click();
            assertThat(page.locator("#balance")).hasText("1.5 h");
            assertThat(page.locator("#ledger li").first()).containsText("Reason: 补录上周助老服务");
            page.getByRole(AriaRole.BUTTON, named("切换到中文")).click();
        }
        assertEquals(1L, fixtures.count("SELECT count(*) FROM volunteer_booking b JOIN volunteer_task t ON t.id = b.task_id "
                + "JOIN volunteer v ON v.id = b.volunteer_id WHERE t.title = $1 AND v.name = $2", today, name));
        assertEquals("SHORT", fixtures.sql("SELECT b.status FROM volunteer_booking b JOIN volunteer_task t ON t.id = b.task_id "
                + "WHERE t.title = $1", today).iterator().next().getString(0));
    }
}
