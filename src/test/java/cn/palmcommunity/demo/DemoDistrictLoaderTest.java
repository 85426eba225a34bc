package cn.palmcommunity.demo;

import cn.palmcommunity.testsupport.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.restassured.http.ContentType.JSON;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class DemoDistrictLoaderTest {

    @Inject
    Fixtures fixtures;

    @Inject
    DemoDistrictLoader loader;

    @ConfigProperty(name = "palm.demo.residents")
    int residents;

    @Test
    void theDemoDistrictIsLoadedOnceAndItsAccountsWork() {
        assertEquals(21, fixtures.count("SELECT count(*) FROM street"));
        assertEquals(137, fixtures.count("SELECT count(*) FROM community WHERE code ~ '^C[0-9]{3}$'"));
        assertEquals(residents, fixtures.count("SELECT count(*) FROM resident WHERE name NOT LIKE '测试%'"));
        assertEquals(0, fixtures.count("""
                SELECT count(*) FROM resident r JOIN grid g ON g.id = r.grid_id WHERE g.community_id <> r.community_id"""));
        assertFalse(loader.loadIfEmpty().await().atMost(Duration.ofSeconds(30)), "a second load must not add anything");
        assertEquals(137, fixtures.count("SELECT count(*) FROM community WHERE code ~ '^C[0-9]{3}$'"));

        given().contentType(JSON).body(java.util.Map.of("username", "worker.c001", "password", DemoDistrictLoader.DEMO_PASSWORD))
                .post("/api/auth/login").then().statusCode(200)
                .body("account.role", equalTo("COMMUNITY_WORKER"))
                .body("account.communityIds[0]", equalTo(1));
    }
}
