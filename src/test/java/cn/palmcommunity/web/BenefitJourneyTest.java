package cn.palmcommunity.web;

import cn.palmcommunity.demo.DemoDistrictLoader;
import cn.palmcommunity.eligibility.EligibilityChanges;
import cn.palmcommunity.eligibility.EligibilityFixtures;
import cn.palmcommunity.eligibility.LeadReminders;
import cn.palmcommunity.resident.RegistryFixtures;
import cn.palmcommunity.testsupport.Fixtures;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Policy finds people, on the phone. A policy of the test's own finds a resident of a demo community
 * (incremental re-evaluation, as after a department feed). The resident links their demo account to
 * the record (a wrong phone is refused next to the field) and reads the benefit, then the reminder
 * job's message that leads to it; the community's worker taps the job's "new leads" notice, sees the
 * lead in the coverage and the worklist, reads why the resident qualifies (values
 * and sources), is told next to the note that "not eligible" needs a reason, moves the lead to
 * contacted, sees the count change, is refused (next to the control) when a colleague moved it
 * first, and exports the list. The resident then reads where the community is with it, after a
 * lost connection and a retry.
 */
@QuarkusTest
class BenefitJourneyTest extends PhoneJourney {

    /** A demo account (README) whose community no other journey uses. */
    private static final String WORKER = "worker.c112";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    @Inject
    EligibilityFixtures eligibility;

    @Inject
    RegistryFixtures registry;

    @Inject
    EligibilityChanges changes;

    @Inject
    LeadReminders reminders;

    private static Page.GetByLabelOptions exact() {
        return new Page.GetByLabelOptions().setExact(true);
    }

    /** A policy of the test's own, for people of 80 and over who hold the test's own tag, created through the API. */
    private long policy(String admin, String tag, String name) {
        Map<String, Object> version = new HashMap<>();
        version.put("rule", EligibilityFixtures.parse("{\"all\": [{\"age\": {\"atLeast\": 80}}, {\"tag\": {\"code\": \"" + tag + "\"}}]}"));
        version.put("effectiveFrom", "2020-01-01");
        version.put("residentReminder", "您符合" + name + "条件，可携带身份证、户口簿到社区服务站申请");
        version.put("workerReminder", "请上门核实老人居住情况，协助申请" + name);
        Map<String, Object> body = new HashMap<>();
        body.put("code", tag + "_P");
        body.put("name", name);
        body.put("description", "年满80周岁、独居的老年人，每月4次上门助浴");
        body.put("benefit", "每月4次免费上门助浴");
        body.put("administeredBy", "区民政局养老服务科");
        body.put("cycle", "ONCE");
        body.put("firstVersion", version);
        return given().auth().oauth2(admin).contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(body).post("/api/eligibility/policies").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void theResidentReadsTheReminderAndTheWorkerFollowsTheLeadUp() throws IOException {
        long community = fixtures.count("SELECT community_id FROM account WHERE username = $1", WORKER);
        Row centre = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = $1", community)
                .iterator().next();
        double lat = centre.getDouble(0);
        double lng = centre.getDouble(1);
        String run = UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        String tag = "TBJ_" + run + "_" + System.nanoTime() % 100_000;
        String policyName = "高龄助浴服务 " + run;
        String residentName = "周桂芳" + run.substring(0, 2);
        String phone = "1390112" + String.valueOf(System.nanoTime() % 10_000 + 10_000).substring(1);

        // The policy, the resident with the tag (from the civil-affairs feed), and the re-evaluation that finds her.
        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        fixtures.sql("INSERT INTO tag_definition (code, name) VALUES ($1, '独居老人（测试）')", tag);
        long policy = policy(admin, tag, policyName);
        String idNumber = RegistryFixtures.idNumber(LocalDate.of(1940, 3, 8), 'F');
        long resident = registry.resident(idNumber, residentName, community, null, null, phone, "LIVING");
        eligibility.tag(resident, tag, LocalDate.of(2023, 6, 1));
        changes.drain().await().atMost(Duration.ofSeconds(60));
        long lead = eligibility.leadId(policy, resident);

        try (BrowserContext residentPhone = browser.phone(base, lat, lng, false);
             BrowserContext workerPhone = browser.phone(base, lat, lng, false)) {
            // ---------- The resident ----------
            Page me = residentPhone.newPage();
            me.navigate("/resident/#/benefits");
            me.getByRole(AriaRole.BUTTON, named("演示账号登录（仅限演示区）")).click();
            assertThat(me.getByRole(AriaRole.HEADING, named("关联居民档案"))).isVisible();
            me.getByLabel("身份证号", exact()).fill(idNumber);
            me.getByLabel("姓名", exact()).fill(residentName);
            me.getByLabel("社区登记的手机号", exact()).fill("13800000000");
            me.getByRole(AriaRole.BUTTON, named("关联档案")).click();
            // Nothing matches: said next to the ID number, in Chinese.
            assertThat(me.locator("[data-field=idNumber] .field-error")).hasText("没有找到与身份证号、姓名和手机号都一致的档案，请联系社区核对");
            assertThat(me.getByLabel("身份证号", exact())).hasAttribute("aria-invalid", "true");
            PhoneBrowser.assertAccessible(me);
            PhoneBrowser.assertContrast(me);
            PhoneBrowser.screenshot(me, "benefits-1-link-rejected");
            me.getByLabel("社区登记的手机号", exact()).fill(phone);
            me.getByRole(AriaRole.BUTTON, named("关联档案")).click();

            Locator card = me.locator("#benefits li[data-lead='" + lead + "']");
            assertThat(card.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setName(policyName))).isVisible();
            assertThat(card.locator(".status")).hasText("待申请");
            assertThat(card.locator(".reminder")).hasText("您符合" + policyName + "条件，可携带身份证、户口簿到社区服务站申请");
            assertThat(card.locator("dl")).containsText("待遇内容每月4次免费上门助浴");
            assertThat(card.locator("dl")).containsText("经办部门区民政局养老服务科");
            String communityName = fixtures.sql("SELECT name FROM community WHERE id = $1", community).iterator().next().getString(0);
            assertThat(card.locator(".next")).hasText("下一步：社区工作人员会联系您；您也可以直接到" + communityName + "咨询办理。");
            PhoneBrowser.assertAccessible(me);
            PhoneBrowser.assertContrast(me);
            PhoneBrowser.screenshot(me, "benefits-2-resident-zh");
            me.getByRole(AriaRole.BUTTON, named("Switch to English")).click();
            assertThat(me.getByRole(AriaRole.HEADING, named("My benefit reminders"))).isVisible();
            assertThat(card.locator(".status")).hasText("Not applied yet");
            assertThat(card.locator(".next")).containsText("What to do next");
            assertThat(card.locator("dl")).containsText("Administered by");
            PhoneBrowser.assertContrast(me);
            PhoneBrowser.screenshot(me, "benefits-3-resident-en");
            me.getByRole(AriaRole.BUTTON, named("切换到中文")).click();

            // The reminder job runs: the resident's message leads to the reminder.
            reminders.runOnce().await().atMost(Duration.ofSeconds(60));
            me.getByRole(AriaRole.LINK, named("消息")).click();
            Locator message = me.locator("main li").filter(new Locator.FilterOptions().setHasText("您可能符合「" + policyName + "」"));
            assertThat(message).hasCount(1);
            assertThat(message).containsText("您符合" + policyName + "条件");
            message.getByRole(AriaRole.BUTTON).click();
            assertThat(me.getByRole(AriaRole.HEADING, named("我的待遇提醒"))).isVisible();
            assertThat(card.locator(".status")).hasText("待申请");

            // ---------- The worker ----------
            Page page = workerPhone.newPage();
            page.navigate("/worker/#/leads");
            page.getByLabel("用户名").fill(WORKER);
            page.getByLabel("密码").fill(DemoDistrictLoader.DEMO_PASSWORD);
            page.getByRole(AriaRole.BUTTON, named("登录")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("覆盖情况"))).isVisible();
            Locator coverage = page.locator("#coverage li[data-policy='" + policy + "']");
            assertThat(coverage.locator(".title")).hasText(policyName);
            assertThat(coverage.locator(".counts")).hasText("新发现 1 · 已联系 0 · 已申请 0 · 已享受 0");
            // The reminder job's notice: tapping it shows that policy's new leads, and it is read.
            Locator notice = page.locator("#lead-notices button[data-policy='" + policy + "']");
            assertThat(notice).containsText("“" + policyName + "”新增 1 条线索");
            notice.click();
            assertThat(page.getByLabel("政策", exact())).hasValue(String.valueOf(policy));
            assertThat(page.getByLabel("状态", exact())).hasValue("NEW");
            assertThat(page.locator("#leads li")).hasCount(1);
            assertThat(notice).hasCount(0);
            page.getByLabel("状态", exact()).selectOption("");
            assertThat(page.locator("#leads li")).hasCount(1);
            assertThat(page.locator("#leads li").first()).containsText(residentName + " · " + policyName);
            assertThat(page.locator("#leads li").first()).containsText("新发现");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "benefits-4-worklist");

            // Why she qualifies: the values the rule read and where they came from.
            page.locator("#leads li a").first().click();
            assertThat(page.getByRole(AriaRole.HEADING, named(residentName))).isVisible();
            // The rule in words, then the values it read.
            assertThat(page.locator("#rule > li")).containsText("同时满足：");
            assertThat(page.locator("#rule > li > ul > li")).hasText(new String[] {"年满 80 周岁", "属于“独居老人（测试）”"});
            Locator why = page.locator("#why");
            assertThat(why.locator("dt")).hasText(new String[] {"年龄", "出生日期", "生存状态", "独居老人（测试）"});
            assertThat(why).containsText("年龄86 周岁");
            assertThat(why).containsText("出生日期1940-03-08来源：社区摸排");
            assertThat(why).containsText("生存状态在世来源：社区摸排");
            assertThat(why).containsText("独居老人（测试）有，自 2023-06-01 起来源：部门数据 · civil-affairs #R-" + resident);
            assertThat(page.locator(".banner.info")).hasText("请上门核实老人居住情况，协助申请" + policyName);

            // "Not eligible" needs a reason: said next to the note.
            page.getByLabel("更新为", exact()).selectOption("NOT_ELIGIBLE");
            page.getByRole(AriaRole.BUTTON, named("更新状态")).click();
            assertThat(page.locator("[data-field=note] .field-error")).hasText("请说明原因");
            assertThat(page.getByLabel("备注", exact())).hasAttribute("aria-invalid", "true");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "benefits-5-lead-why");

            page.getByLabel("更新为", exact()).selectOption("CONTACTED");
            page.getByLabel("备注", exact()).fill("已电话联系老人女儿，约周三上门");
            page.getByRole(AriaRole.BUTTON, named("更新状态")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("已更新为“已联系”"))).isVisible();
            assertThat(page.locator("#lead-title + .status")).hasText("已联系");
            assertThat(page.locator("#lead-history li").last()).containsText("已联系");
            assertThat(page.locator("#lead-history li").last()).containsText("已电话联系老人女儿，约周三上门");

            // The count moved.
            page.getByRole(AriaRole.LINK, named("待遇工作台")).click();
            assertThat(coverage.locator(".counts")).hasText("新发现 0 · 已联系 1 · 已申请 0 · 已享受 0");

            // A colleague moves it on meanwhile; this phone's move is refused next to the control, and the lead shows as it is now.
            page.locator("#leads li a").first().click();
            assertThat(page.locator("#lead-title + .status")).hasText("已联系");
            String colleague = Fixtures.accessToken(fixtures.communityWorker(community));
            given().auth().oauth2(colleague).contentType(ContentType.JSON)
                    .body(Map.of("status", "APPLIED", "version", 1, "note", "老人已到社区递交申请"))
                    .post("/api/leads/" + lead + "/status").then().statusCode(200);
            page.getByLabel("更新为", exact()).selectOption("APPLIED");
            page.getByRole(AriaRole.BUTTON, named("更新状态")).click();
            assertThat(page.locator("[data-field=status] .field-error"))
                    .hasText("这条线索刚被其他人更新为“已申请”，已为您刷新，请确认后再操作。");
            assertThat(page.locator("#lead-title + .status")).hasText("已申请");
            assertThat(page.locator("#lead-history li").last()).containsText("老人已到社区递交申请");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "benefits-6-move-refused");

            // The worklist in English.
            page.getByRole(AriaRole.LINK, named("待遇工作台")).click();
            page.getByRole(AriaRole.BUTTON, named("Switch to English")).click();
            assertThat(page.getByRole(AriaRole.HEADING, named("Coverage"))).isVisible();
            assertThat(coverage.locator(".counts")).hasText("New 0 · Contacted 0 · Applied 1 · Granted 0");
            assertThat(coverage.locator(".row .small")).hasText("1 found · 0% granted");
            assertThat(page.locator("#leads li").first()).containsText("Applied");
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "benefits-7-worklist-en");
            page.getByRole(AriaRole.BUTTON, named("切换到中文")).click();

            // The export asks why first (next to the field), then downloads the filtered list.
            page.getByRole(AriaRole.BUTTON, named("导出名单")).click();
            Locator dialog = page.locator("dialog");
            dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("导出名单").setExact(true)).click();
            assertThat(dialog.locator("[data-field=purpose] .field-error")).hasText("请填写导出用途（2–200 字）");
            PhoneBrowser.assertAccessible(page);
            dialog.getByLabel("导出用途").fill("助浴服务入户核实名单");
            Download download = page.waitForDownload(() -> dialog.getByRole(AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("导出名单").setExact(true)).click());
            assertTrue(Pattern.matches("leads-\\d{4}-\\d{2}-\\d{2}\\.csv", download.suggestedFilename()), download.suggestedFilename());
            String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
            assertTrue(csv.contains(residentName) && csv.contains(policyName), csv);
            assertEquals(2, csv.lines().filter(line -> !line.isBlank()).count(), "the header and the one lead of the filter");

            // ---------- The resident again ----------
            // Without signal the screen says so and offers a retry; back online, the retry shows where the community is.
            residentPhone.setOffline(true);
            me.getByRole(AriaRole.LINK, named("我的诉求")).click();
            me.getByRole(AriaRole.LINK, named("待遇提醒")).click();
            assertThat(me.locator(".state.error")).containsText("网络连接已断开，请检查网络后重试");
            PhoneBrowser.screenshot(me, "benefits-8-offline");
            residentPhone.setOffline(false);
            me.getByRole(AriaRole.BUTTON, named("重试")).click();
            assertThat(card.locator(".status")).hasText("已申请");
            assertThat(card.locator(".next")).hasText("下一步：申请已提交，请等待区民政局养老服务科审核。");
        }
        assertEquals(List.of("APPLIED"), List.of(fixtures.sql("SELECT status FROM eligibility_lead WHERE id = $1", lead)
                .iterator().next().getString(0)));
        assertTrue(fixtures.count("SELECT count(*) FROM audit_log WHERE action = 'READ_LEAD_EXPLANATION' AND subject_id = $1", resident) >= 1,
                "reading why is in the audit log");
    }
}
