package org.facelfs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Both manifests against the kubeflow spark-operator's v1beta2 CRD schemas (src/test/resources/
 * spark-operator, see its README for source and licence). The API server prunes fields a CRD does
 * not know without a word (a misspelt {@code timeZone} would just vanish), so, as
 * {@code kubectl apply --validate=strict} does, an unknown field is an error here: every object
 * schema that lists properties and does not preserve unknown fields gets
 * {@code additionalProperties: false}.
 */
class ManifestSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema schema(String kind) throws IOException {
        try (InputStream in = ManifestSchemaTest.class.getResourceAsStream("/spark-operator/" + kind
                + ".v1beta2.schema.json")) {
            JsonNode schema = JSON.readTree(in);
            strict(schema);
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        }
    }

    /** additionalProperties: false wherever Kubernetes would prune (structural schemas). */
    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && !o.has("additionalProperties")
                    && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                o.put("additionalProperties", false);
            }
            Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
            while (fields.hasNext()) {
                strict(fields.next().getValue());
            }
        } else if (node.isArray()) {
            node.forEach(ManifestSchemaTest::strict);
        }
    }

    static Set<String> problems(String kind, JsonNode manifest) throws IOException {
        return schema(kind).validate(manifest).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @CsvSource({"k8s/sparkapplication.yaml, SparkApplication",
        "k8s/scheduledsparkapplication.yaml, ScheduledSparkApplication"})
    void theManifestIsValidAgainstTheOperatorsCrd(String file, String kind) throws IOException {
        JsonNode manifest = YAML.readTree(DeployFilesTest.DEPLOY.resolve(file).toFile());
        assertEquals("sparkoperator.k8s.io/v1beta2", manifest.path("apiVersion").asText());
        assertEquals(kind, manifest.path("kind").asText());
        assertEquals(Set.of(), problems(kind, manifest));
    }

    /** The check can fail: a misplaced key, a wrong type and a bad enum value are each reported. */
    @Test
    void unknownFieldsWrongTypesAndBadValuesAreReported() throws IOException {
        ObjectNode app = (ObjectNode) YAML.readTree(DeployFilesTest.DEPLOY.resolve("k8s/sparkapplication.yaml").toFile());
        ObjectNode spec = (ObjectNode) app.path("spec");
        spec.put("timeZone", "UTC"); // belongs to ScheduledSparkApplication only
        ((ObjectNode) spec.path("executor")).put("instances", "eight");
        spec.put("mode", "sideways");
        Set<String> problems = problems("SparkApplication", app);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("timeZone")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("instances")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("mode")), problems.toString());
        assertFalse(problems("SparkApplication",
                YAML.readTree(DeployFilesTest.DEPLOY.resolve("k8s/sparkapplication.yaml").toFile())).iterator().hasNext());
    }
}
