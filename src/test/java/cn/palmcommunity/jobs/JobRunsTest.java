package cn.palmcommunity.jobs;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static cn.palmcommunity.testsupport.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class JobRunsTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Inject
    JobRuns runs;

    @Inject
    ClusterLock lock;

    @Inject
    Fixtures fixtures;

    private static String jobName() {
        return "test-" + UUID.randomUUID();
    }

    private List<Row> rowsOf(String job) {
        List<Row> rows = new java.util.ArrayList<>();
        fixtures.sql("SELECT outcome, detail, finished_at, instance FROM job_run WHERE job = $1 ORDER BY id", job).forEach(rows::add);
        return rows;
    }

    @Test
    void aSuccessfulRunIsRecordedWithItsResult() {
        String job = jobName();
        Optional<String> result = lock.runExclusively(job, () -> runs.record(job, () -> Uni.createFrom().item("escalated 3")))
                .await().atMost(BOUND);
        assertEquals(Optional.of("escalated 3"), result);
        List<Row> rows = rowsOf(job);
        assertEquals(1, rows.size());
        assertEquals("SUCCEEDED", rows.get(0).getString("outcome"));
        assertEquals("escalated 3", rows.get(0).getString("detail"));
        assertNotNull(rows.get(0).getOffsetDateTime("finished_at"));
        assertEquals(runs.instance(), rows.get(0).getString("instance"));
    }

    @Test
    void aFailedRunIsRecordedAndTheFailurePassedOn() {
        String job = jobName();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> runs.record(job,
                () -> Uni.createFrom().<String>failure(new IllegalStateException("database went away"))).await().atMost(BOUND));
        assertEquals("database went away", thrown.getMessage());
        List<Row> rows = rowsOf(job);
        assertEquals(1, rows.size());
        assertEquals("FAILED", rows.get(0).getString("outcome"));
        assertEquals("IllegalStateException: database went away", rows.get(0).getString("detail"));
        assertNotNull(rows.get(0).getOffsetDateTime("finished_at"));
    }

    @Test
    void longDetailsAreShortened() {
        String job = jobName();
        runs.record(job, () -> Uni.createFrom().item("x".repeat(5000))).await().atMost(BOUND);
        String detail = rowsOf(job).get(0).getString("detail");
        assertEquals(JobRuns.MAX_DETAIL, detail.length());
        assertTrue(detail.endsWith("…"));
    }

    @Test
    void aSkippedRunLeavesNoRow() throws Exception {
        String job = jobName();
        java.util.concurrent.CompletableFuture<String> release = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> started = new java.util.concurrent.CompletableFuture<>();
        var first = lock.runExclusively(job, () -> runs.record(job, () -> {
            started.complete(null);
            return Uni.createFrom().completionStage(release);
        })).subscribeAsCompletionStage();
        started.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("RUNNING", rowsOf(job).get(0).getString("outcome"), "a run in progress shows as RUNNING");

        Optional<String> skipped = lock.runExclusively(job, () -> runs.record(job, () -> Uni.createFrom().item("no"))).await().atMost(BOUND);
        assertTrue(skipped.isEmpty());
        release.complete("done");
        assertEquals(Optional.of("done"), first.get(30, java.util.concurrent.TimeUnit.SECONDS));
        List<Row> rows = rowsOf(job);
        assertEquals(1, rows.size());
        assertEquals("SUCCEEDED", rows.get(0).getString("outcome"));
    }

    @Test
    void theAdminListsRecentRunsNewestFirst() {
        String job = jobName();
        for (String detail : new String[] {"first", "second", "third"}) {
            runs.record(job, () -> Uni.createFrom().item(detail)).await().atMost(BOUND);
        }
        String token = Fixtures.accessToken(fixtures.districtAdmin());
        given().auth().oauth2(token).queryParam("job", job).get("/api/jobs/runs")
                .then().statusCode(200)
                .body("detail", contains("third", "second", "first"))
                .body("job", everyItem(equalTo(job)))
                .body("outcome", everyItem(equalTo("SUCCEEDED")))
                .body("[0].startedAt", notNullValue())
                .body("[0].finishedAt", notNullValue())
                .body("[0].instance", equalTo(runs.instance()));
        given().auth().oauth2(token).queryParam("job", job).queryParam("limit", 2).get("/api/jobs/runs")
                .then().statusCode(200)
                .body("detail", contains("third", "second"));
        // Without a job filter every job's runs are listed, limited.
        given().auth().oauth2(token).queryParam("limit", 1).get("/api/jobs/runs")
                .then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void onlyTheDistrictAdminSeesRunsAndTheLimitIsChecked() {
        String worker = Fixtures.accessToken(fixtures.communityWorker(4));
        assertProblem(given().auth().oauth2(worker).get("/api/jobs/runs").then(), 403, "forbidden");
        String staff = Fixtures.accessToken(fixtures.staff("DISTRICT_STAFF", 1L, null, null, null, null));
        assertProblem(given().auth().oauth2(staff).get("/api/jobs/runs").then(), 403, "forbidden");

        String admin = Fixtures.accessToken(fixtures.districtAdmin());
        assertProblem(given().auth().oauth2(admin).queryParam("limit", "ten").get("/api/jobs/runs").then(), 400, "wrong-type")
                .body("errors[0].field", equalTo("limit"));
        assertProblem(given().auth().oauth2(admin).queryParam("limit", 0).get("/api/jobs/runs").then(), 422, "validation")
                .body("errors[0].field", equalTo("limit"));
        assertProblem(given().auth().oauth2(admin).queryParam("limit", 201).get("/api/jobs/runs").then(), 422, "validation")
                .body("errors[0].field", equalTo("limit"));
    }
}
