package cn.palmcommunity.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed contract in openapi/ is the one the code serves. When an endpoint changes, this
 * fails; regenerate with {@code ./mvnw verify -Dpalm.openapi.update=true} and commit the diff.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final Path COMMITTED = Path.of("openapi/openapi.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonNode served;

    @BeforeEach
    void fetch() throws Exception {
        served = JSON.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
    }

    @Test
    void theCommittedDocumentMatchesTheCode() throws Exception {
        if (Boolean.getBoolean("palm.openapi.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, JSON.writeValueAsString(served) + "\n");
        }
        assertTrue(Files.exists(COMMITTED), "openapi/openapi.json is missing; run ./mvnw verify -Dpalm.openapi.update=true");
        JsonNode committed = JSON.readTree(Files.readString(COMMITTED));
        assertEquals(JSON.writeValueAsString(committed), JSON.writeValueAsString(served),
                "openapi/openapi.json differs from the served contract; run ./mvnw verify -Dpalm.openapi.update=true and commit it");
    }

    @Test
    void everyOperationHasASummaryErrorResponsesAndProblemBodies() {
        List<String> missing = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = served.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                if (op.getValue().path("summary").asText().isBlank()) {
                    missing.add(name + ": summary");
                }
                JsonNode responses = op.getValue().path("responses");
                boolean hasClientError = false;
                for (Iterator<Map.Entry<String, JsonNode>> rs = responses.fields(); rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> response = rs.next();
                    int code = Integer.parseInt(response.getKey());
                    if (code >= 400) {
                        hasClientError |= code < 500;
                        JsonNode resolved = resolve(response.getValue());
                        if (!resolved.path("content").has("application/problem+json")
                                || !resolved.path("content").path("application/problem+json").has("examples")) {
                            missing.add(name + ": " + code + " problem body with example");
                        }
                    }
                }
                if (!hasClientError) {
                    missing.add(name + ": a 4xx response");
                }
                if (!responses.has("500")) {
                    missing.add(name + ": 500");
                }
            }
        }
        assertTrue(missing.isEmpty(), "OpenAPI gaps: " + missing);
    }

    @Test
    void everySchemaPropertyCarriesAnExample() {
        List<String> missing = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> schemas = served.path("components").path("schemas").fields(); schemas.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = schemas.next();
            for (Iterator<Map.Entry<String, JsonNode>> props = schema.getValue().path("properties").fields(); props.hasNext(); ) {
                Map.Entry<String, JsonNode> prop = props.next();
                JsonNode p = prop.getValue();
                boolean structured = p.has("$ref") || p.path("items").has("$ref") || p.has("allOf") || p.has("oneOf");
                if (!structured && !p.has("examples") && !p.has("example")) {
                    missing.add(schema.getKey() + "." + prop.getKey());
                }
            }
        }
        assertTrue(missing.isEmpty(), "Schema properties without an example: " + missing);
    }

    @Test
    void securedOperationsDeclareTheBearerScheme() {
        assertEquals("bearer", served.path("components").path("securitySchemes").path("jwt").path("scheme").asText());
        JsonNode me = served.path("paths").path("/api/auth/me").path("get");
        assertTrue(me.path("security").toString().contains("jwt"));
        assertTrue(me.path("responses").has("401"));
    }

    private JsonNode resolve(JsonNode response) {
        if (response.has("$ref")) {
            String name = response.get("$ref").asText().substring("#/components/responses/".length());
            return served.path("components").path("responses").path(name);
        }
        return response;
    }
}
