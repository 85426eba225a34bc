package cn.palmcommunity.open311;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GeoReport v2 JSON schemas, kept with the tests in src/test/resources/open311-schemas
 * (-Dpalm.open311.schemas=DIR names another place). Formats (date-time, uri) are asserted.
 */
final class Open311Schemas {

    private static final Path DIR = locate();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private Open311Schemas() {
    }

    static Set<ValidationMessage> problems(String schemaFile, String json) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(DIR.resolve(schemaFile).toUri().toString()), CONFIG);
        return schema.validate(json, InputFormat.JSON);
    }

    static String assertValid(String schemaFile, String json) {
        Set<ValidationMessage> problems = problems(schemaFile, json);
        assertTrue(problems.isEmpty(), schemaFile + " rejects the answer: " + problems + "\n" + json);
        return json;
    }

    private static Path locate() {
        for (String candidate : new String[] {System.getProperty("palm.open311.schemas", ""), "src/test/resources/open311-schemas"}) {
            if (!candidate.isEmpty() && Files.isRegularFile(Path.of(candidate, "request.json"))) {
                return Path.of(candidate).toAbsolutePath();
            }
        }
        throw new IllegalStateException("The Open311 schemas are missing from src/test/resources/open311-schemas");
    }
}
