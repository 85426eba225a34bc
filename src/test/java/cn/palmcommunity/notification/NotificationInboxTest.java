package cn.palmcommunity.notification;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The in-app inbox: own notifications only, newest first, cursor pages, unread filter, marking read. */
@QuarkusTest
class NotificationInboxTest {

    @Inject
    Fixtures fixtures;

    @Inject
    Notifications notifications;

    @Inject
    Pool pool;

    private long notify(long accountId, String title) {
        return notifications.notify(pool, NotificationRequest.to(accountId, "PETITION_STATUS", title)
                        .withBody("正文 " + title).withLink("pages/petition/detail?id=12")
                        .withData(Map.of("petitionId", 12, "status", "ACCEPTED",
                                "handler", Map.of("name", "李梅", "steps", List.of("SUBMITTED", "ACCEPTED")))))
                .await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void theCallerSeesOnlyTheirOwnNewestFirstAPageAtATime() {
        String username = fixtures.communityWorker(5);
        long me = fixtures.accountId(username);
        long someoneElse = fixtures.accountId(fixtures.communityWorker(5));
        List<Long> mine = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            mine.add(notify(me, "通知 " + i));
        }
        notify(someoneElse, "别人的通知");
        String token = Fixtures.accessToken(username);

        int cursor = given().auth().oauth2(token).queryParam("limit", 2).get("/api/notifications")
                .then().statusCode(200)
                .body("items.id", contains(mine.get(4).intValue(), mine.get(3).intValue()))
                .body("items[0].title", equalTo("通知 5"))
                .body("items[0].body", equalTo("正文 通知 5"))
                .body("items[0].kind", equalTo("PETITION_STATUS"))
                .body("items[0].link", equalTo("pages/petition/detail?id=12"))
                .body("items[0].data.petitionId", equalTo(12))
                .body("items[0].data.status", equalTo("ACCEPTED"))
                .body("items[0].data.handler.name", equalTo("李梅"))
                .body("items[0].data.handler.steps", contains("SUBMITTED", "ACCEPTED"))
                .body("items[0].createdAt", notNullValue())
                .body("items[0].readAt", nullValue())
                .body("unreadCount", equalTo(5))
                .body("nextCursor", equalTo(mine.get(3).intValue()))
                .extract().path("nextCursor");
        int next = given().auth().oauth2(token).queryParam("limit", 2).queryParam("cursor", cursor).get("/api/notifications")
                .then().statusCode(200)
                .body("items.id", contains(mine.get(2).intValue(), mine.get(1).intValue()))
                .extract().path("nextCursor");
        given().auth().oauth2(token).queryParam("limit", 2).queryParam("cursor", next).get("/api/notifications")
                .then().statusCode(200)
                .body("items.id", contains(mine.get(0).intValue()))
                .body("nextCursor", nullValue());
    }

    @Test
    void markingReadAndTheUnreadFilter() {
        String username = fixtures.communityWorker(6);
        long me = fixtures.accountId(username);
        long first = notify(me, "一");
        long second = notify(me, "二");
        String token = Fixtures.accessToken(username);

        given().auth().oauth2(token).post("/api/notifications/" + first + "/read").then().statusCode(204);
        var readAt = fixtures.sql("SELECT read_at FROM notification WHERE id = $1", first).iterator().next().getOffsetDateTime("read_at");
        assertNotNull(readAt);
        // Reading again is fine and keeps the first time.
        given().auth().oauth2(token).post("/api/notifications/" + first + "/read").then().statusCode(204);
        assertEquals(readAt, fixtures.sql("SELECT read_at FROM notification WHERE id = $1", first).iterator().next().getOffsetDateTime("read_at"));

        given().auth().oauth2(token).queryParam("unread", "true").get("/api/notifications")
                .then().statusCode(200)
                .body("items.id", contains((int) second))
                .body("unreadCount", equalTo(1));
        given().auth().oauth2(token).get("/api/notifications")
                .then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[1].id", equalTo((int) first))
                .body("items[1].readAt", notNullValue());
        given().auth().oauth2(token).queryParam("unread", "false").get("/api/notifications")
                .then().statusCode(200).body("items", hasSize(2));
    }

    @Test
    void someoneElsesNotificationIsNotFoundAndStaysUnread() {
        long owner = fixtures.accountId(fixtures.communityWorker(7));
        long theirs = notify(owner, "别人的");
        String intruder = Fixtures.accessToken(fixtures.communityWorker(7));

        assertProblem(given().auth().oauth2(intruder).post("/api/notifications/" + theirs + "/read").then(), 404, "not-found");
        assertNull(fixtures.sql("SELECT read_at FROM notification WHERE id = $1", theirs).iterator().next().getOffsetDateTime("read_at"));
        assertProblem(given().auth().oauth2(intruder).post("/api/notifications/999999999/read").then(), 404, "not-found");
        given().auth().oauth2(intruder).get("/api/notifications").then().statusCode(200).body("items", hasSize(0)).body("unreadCount", equalTo(0));
    }

    @Test
    void residentsReachTheirInboxToo() {
        String openid = "o-inbox-" + System.nanoTime();
        String token = given().contentType("application/json").body(Map.of("code", "ok-" + openid, "role", "RESIDENT"))
                .post("/api/auth/wechat").then().statusCode(200).extract().path("accessToken");
        long resident = fixtures.count("SELECT id FROM account WHERE wechat_openid = $1", openid);
        long id = notify(resident, "居民的通知");
        given().auth().oauth2(token).get("/api/notifications").then().statusCode(200).body("items.id", contains((int) id));
        given().auth().oauth2(token).post("/api/notifications/" + id + "/read").then().statusCode(204);
    }

    @Test
    void badParametersAreNamed() {
        String token = Fixtures.accessToken(fixtures.communityWorker(8));
        assertProblem(given().auth().oauth2(token).queryParam("unread", "yes").get("/api/notifications").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("unread"));
        assertProblem(given().auth().oauth2(token).queryParam("cursor", "abc").get("/api/notifications").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("cursor"));
        assertProblem(given().auth().oauth2(token).queryParam("limit", 0).get("/api/notifications").then(), 422, "validation")
                .body("errors[0].field", equalTo("limit"));
        assertProblem(given().auth().oauth2(token).queryParam("limit", 101).get("/api/notifications").then(), 422, "validation");
    }

    @Test
    void anonymousCallersAreRefused() {
        assertProblem(given().get("/api/notifications").then(), 401, "unauthorized");
        assertProblem(given().post("/api/notifications/1/read").then(), 401, "unauthorized");
    }
}
