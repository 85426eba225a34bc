package cn.palmcommunity.web;

import cn.palmcommunity.demo.DemoDistrictLoader;
import cn.palmcommunity.testsupport.Fixtures;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A community worker finds volunteers for a task on the phone: creates it (a time window that ends
 * before it starts is refused next to the field), reads the ranked candidates and their score
 * breakdown, invites one by hand and fills the rest by rank.
 */
@QuarkusTest
class MatchingJourneyTest extends PhoneJourney {

    /** A demo account (README) whose community no other test puts volunteers in. */
    private static final String WORKER = "worker.c115";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Fixtures fixtures;

    /** A volunteer of the community living the given metres north of the centre, holding the given skills. */
    private void person(String name, long community, double[] centre, double northMetres, String... skills) {
        long id = fixtures.sql("""
                INSERT INTO volunteer (name, community_id, home, categories, monthly_hours_cap, availability)
                VALUES ($1, $2, ST_SetSRID(ST_MakePoint($4, $3), 4326)::geography, '{VOLUNTEER}', 40, '') RETURNING id""",
                name, community, centre[0] + northMetres / 111_320.0, centre[1]).iterator().next().getLong(0);
        for (String skill : skills) {
            fixtures.sql("""
                    INSERT INTO volunteer_skill_held (volunteer_id, skill_code, home, community_id)
                    SELECT id, $2, home, community_id FROM volunteer WHERE id = $1""", id, skill);
        }
    }

    @Test
    void createsATaskReadsTheRankedCandidatesInvitesAndFillsTheHeadcount() {
        long community = fixtures.count("SELECT community_id FROM account WHERE username = $1", WORKER);
        Row centreRow = fixtures.sql("SELECT ST_Y(centre::geometry), ST_X(centre::geometry) FROM community WHERE id = $1", community)
                .iterator().next();
        double[] centre = {centreRow.getDouble(0), centreRow.getDouble(1)};
        // Earlier runs' people (the test database is kept) lose the skill, so the ranking holds only this run's.
        fixtures.sql("""
                DELETE FROM volunteer_skill_held WHERE volunteer_id IN
                    (SELECT id FROM volunteer WHERE community_id = $1 AND name ~ '^(近邻|中邻|远邻)')""", community);
        String tag = UUID.randomUUID().toString().substring(0, 4);
        String near = "近邻" + tag;
        String middle = "中邻" + tag;
        String far = "远邻" + tag;
        person(near, community, centre, 80, "ELDER_VISIT");
        person(middle, community, centre, 900, "ELDER_VISIT", "COOKING");
        person(far, community, centre, 2500, "ELDER_VISIT");
        person("无技能" + tag, community, centre, 50, "COOKING");
        String title = "探访独居老人 " + tag;
        LocalDate day = LocalDate.now(ZoneOffset.ofHours(8)).plusDays(3);

        try (BrowserContext context = browser.phone(base, centre[0], centre[1], false)) {
            Page page = context.newPage();
            page.navigate("/worker/#/tasks");
            page.getByLabel("用户名").fill(WORKER);
            page.getByLabel("密码").fill(DemoDistrictLoader.DEMO_PASSWORD);
            page.getByRole(AriaRole.BUTTON, named("登录")).click();
            assertThat(page.getByText("还没有在这台手机上建过任务")).isVisible();
            page.getByRole(AriaRole.LINK, named("＋ 新建任务")).click();

            page.getByLabel("任务名称").fill(title);
            page.getByLabel("任务类型").selectOption("VISIT_ELDERLY_ALONE");
            page.getByLabel("技能要求").selectOption(new String[] {"ELDER_VISIT"});
            page.getByLabel("开始时间").fill(day + "T10:00");
            page.getByLabel("结束时间").fill(day + "T09:00");
            page.getByLabel("地点名称").fill("幸福里 3 号楼");
            page.getByLabel("需要人数").fill("2");
            assertThat(page.getByText("使用当前位置")).isVisible();
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            page.getByRole(AriaRole.BUTTON, named("创建任务")).click();
            // Ends before it starts: said next to the end time, in Chinese and then in English.
            assertThat(page.locator("[data-field=endsAt] .field-error")).hasText("结束时间必须晚于开始时间");
            assertThat(page.getByLabel("结束时间")).hasAttribute("aria-invalid", "true");
            PhoneBrowser.screenshot(page, "matching-1-rejected-zh");
            page.getByRole(AriaRole.BUTTON, named("Switch to English")).click();
            // What was typed survives the switch.
            assertThat(page.getByLabel("Task name")).hasValue(title);
            assertThat(page.getByLabel("Skills needed")).hasValues(new String[] {"ELDER_VISIT"});
            page.getByRole(AriaRole.BUTTON, named("Create task")).click();
            assertThat(page.locator("[data-field=endsAt] .field-error")).hasText("Must end after it starts");
            page.getByRole(AriaRole.BUTTON, named("切换到中文")).click();

            page.getByLabel("结束时间").fill(day + "T12:00");
            page.getByRole(AriaRole.BUTTON, named("创建任务")).click();

            // The task: nobody yet, and the people with the skill ranked, nearest first (all else equal).
            assertThat(page.getByRole(AriaRole.HEADING, named(title))).isVisible();
            assertThat(page.locator("#fill")).hasText("已占 0 / 2 个名额 · 还差 2 人");
            assertThat(page.locator("#check-in-code")).hasText(java.util.regex.Pattern.compile("^\\d{4}$"));
            Locator candidates = page.locator("#candidates li");
            assertThat(candidates).hasCount(3);
            assertThat(page.locator("#candidates li .check .title")).hasText(new String[] {"1. " + near, "2. " + middle, "3. " + far});
            Locator best = candidates.first();
            assertThat(best.locator("dt")).hasText(new String[] {"技能", "距离", "时间", "公平", "守约"});
            assertThat(best.locator("dd .value").first()).hasText("100%");
            assertThat(best).containsText("80 米");
            assertThat(best).containsText("缺席 0 次");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.assertContrast(page);
            PhoneBrowser.screenshot(page, "matching-2-candidates");

            // Invite the farthest by hand…
            page.getByRole(AriaRole.CHECKBOX, named("选择" + far)).check();
            page.getByRole(AriaRole.BUTTON, named("邀请所选（1）")).click();
            assertThat(page.getByRole(AriaRole.STATUS).filter(new Locator.FilterOptions().setHasText("已邀请 1 人"))).isVisible();
            assertThat(page.locator("#fill")).hasText("已占 1 / 2 个名额 · 还差 1 人");
            assertThat(page.locator("#task-bookings li")).hasCount(1);
            assertThat(page.locator("#task-bookings li").first()).containsText(far);
            assertThat(page.locator("#task-bookings li").first()).containsText("待回复邀请");
            assertThat(page.locator("#candidates li")).hasCount(2);

            // …and fill the last place by rank: the nearest.
            page.getByRole(AriaRole.BUTTON, named("按排名补满名额")).click();
            assertThat(page.locator("#fill")).hasText("已占 2 / 2 个名额 · 已满员");
            assertThat(page.locator("#task-bookings li")).hasCount(2);
            assertThat(page.locator("#task-bookings")).containsText(near);
            assertThat(page.getByRole(AriaRole.PROGRESSBAR, named("名额占用"))).hasAttribute("aria-valuenow", "2");
            PhoneBrowser.assertAccessible(page);
            PhoneBrowser.screenshot(page, "matching-3-filled");

            // The phone remembers the task.
            page.getByRole(AriaRole.LINK, named("志愿任务")).click();
            assertThat(page.locator("#my-tasks li")).hasCount(1);
            assertThat(page.locator("#my-tasks li").first()).containsText(title);
            assertThat(page.locator("#my-tasks li").first()).containsText("已占 2 / 2 个名额");
        }
        assertEquals(1L, fixtures.count("SELECT count(*) FROM volunteer_task WHERE title = $1", title));
        assertEquals(2L, fixtures.count("""
                SELECT count(*) FROM volunteer_booking b JOIN volunteer_task t ON t.id = b.task_id
                 WHERE t.title = $1 AND b.status = 'INVITED'""", title));
    }
}
