package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kfpoperator.controller.testing.ControllerHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The versioned schema of the published event's data (docs/events.md, "Schema and versions"): what
 * it refuses, that it keeps the released version's promise, and that events of that version and
 * the documented example still pass it.
 */
class RunCompletionSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = ControllerHarness.repositoryRoot();
    private static final Path SHIPPED = ROOT.resolve("controller/src/main/resources/io/kfpoperator/controller/events");
    private static final Path RELEASED = ROOT.resolve("controller/src/test/resources/io/kfpoperator/controller/events/schema");
    private static final Pattern RELEASED_NAME = Pattern.compile("run-completion-(v\\d+)\\.released\\.json");

    private static final String VALID = """
            {"status": "succeeded", "pipelineName": "ml-team/training", "runConfigurationName": "ml-team/nightly",
             "runName": "ml-team/nightly-x7k2p", "runId": "7f3c9a2e", "runStartTime": "2026-11-25T02:00:04Z",
             "runEndTime": "2026-11-25T02:41:37Z", "artifacts": [{"name": "model", "location": "gs://ml-team/model"}],
             "provider": "kfp-operator/kfp"}
            """;

    private static ObjectNode valid() {
        return (ObjectNode) read(VALID);
    }

    private static ObjectNode broken(Consumer<ObjectNode> change) {
        ObjectNode event = valid();
        change.accept(event);
        return event;
    }

    /** The version the published dataschema names: "v1" of {@code …/run-completion/v1.json}. */
    private static String publishedVersion() {
        Matcher version = Pattern.compile(".*/(v\\d+)\\.json").matcher(CloudEventPayload.DATA_SCHEMA.getPath());
        assertThat(version.matches()).as("%s names a version", CloudEventPayload.DATA_SCHEMA).isTrue();
        return version.group(1);
    }

    @Test
    void theDataschemaOfEveryEventIsTheShippedSchemasIdAndNamesItsVersion() {
        JsonNode shipped = PublishedEvents.shippedDataSchema();

        assertThat(CloudEventPayload.DATA_SCHEMA.isAbsolute()).isTrue();
        assertThat(publishedVersion()).isEqualTo("v1");
        assertThat(shipped.path("$id").asText()).isEqualTo(CloudEventPayload.DATA_SCHEMA.toString());
        assertThat(CloudEventPayload.DATA_SCHEMA_RESOURCE).isEqualTo("run-completion-" + publishedVersion() + ".schema.json");
        assertThat(shipped.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void theShippedSchemaIsAValidDraft202012Schema() {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(URI.create(SpecVersion.VersionFlag.V202012.getId()));

        assertThat(metaSchema.validate(PublishedEvents.shippedDataSchema())).isEmpty();
        assertThat(metaSchema.validate(read("{\"type\": \"text\", \"required\": \"runId\"}"))).as("a broken schema")
                .map(ValidationMessage::getMessage).anySatisfy(m -> assertThat(m).startsWith("$.type"))
                .anySatisfy(m -> assertThat(m).startsWith("$.required"));
    }

    static Stream<Arguments> brokenEvents() {
        return Stream.of(
                Arguments.of("status missing", broken(e -> e.remove("status")), "status"),
                Arguments.of("runId missing", broken(e -> e.remove("runId")), "runId"),
                Arguments.of("provider missing", broken(e -> e.remove("provider")), "provider"),
                Arguments.of("artifacts missing", broken(e -> e.remove("artifacts")), "artifacts"),
                Arguments.of("neither runName nor runConfigurationName", broken(e -> e.remove(List.of("runName", "runConfigurationName"))),
                        "runName"),
                Arguments.of("status not one of the two", broken(e -> e.put("status", "running")), "status"),
                Arguments.of("status a number", broken(e -> e.put("status", 0)), "status"),
                Arguments.of("runId a number", broken(e -> e.put("runId", 42)), "runId"),
                Arguments.of("runId empty", broken(e -> e.put("runId", "")), "runId"),
                Arguments.of("pipelineName null", broken(e -> e.putNull("pipelineName")), "pipelineName"),
                Arguments.of("runEndTime no time", broken(e -> e.put("runEndTime", "yesterday")), "runEndTime"),
                Arguments.of("artifacts an object", broken(e -> e.putObject("artifacts")), "artifacts"),
                Arguments.of("an artifact without its location", broken(e -> ((ObjectNode) e.get("artifacts").get(0)).remove("location")),
                        "location"),
                Arguments.of("an artifact's location a number", broken(e -> ((ObjectNode) e.get("artifacts").get(0)).put("location", 3)),
                        "location"),
                Arguments.of("the data no object", JSON.createArrayNode().add(valid()), "array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenEvents")
    void aBrokenEventFailsValidationNamingWhatIsWrong(String what, JsonNode event, String named) {
        assertThat(PublishedEvents.dataViolations(event)).as(what).isNotEmpty().anySatisfy(message -> assertThat(message).contains(named));
        assertThatThrownBy(() -> PublishedEvents.assertValidData(event)).isInstanceOf(AssertionError.class);
    }

    @Test
    void propertiesAddedLaterAreAllowedSoAddingAnOptionalOneIsCompatible() {
        ObjectNode withAttempts = valid().put("attempts", 2);
        ((ObjectNode) withAttempts.get("artifacts").get(0)).put("digest", "sha256:0f3c");

        assertThat(PublishedEvents.dataViolations(withAttempts)).isEmpty();
        assertThat(PublishedEvents.dataViolations(valid())).isEmpty();
    }

    /** The assertion every publishing test makes refuses an event without our dataschema, with another one, or with broken data. */
    @Test
    void anEventThatDoesNotNameTheSchemaFailsTheAssertionEveryPublishingTestMakes() {
        ObjectNode cloudEvent = (ObjectNode) read("""
                {"specversion": "1.0", "id": "kfp-operator/kfp/7f3c9a2e/succeeded", "source": "kfp-operator/kfp-operator/kfp",
                 "type": "org.kubeflow.pipelines.run-completion", "datacontenttype": "application/json",
                 "dataschema": "https://kfpoperator.io/schemas/run-completion/v1.json", "data": %s}
                """.formatted(VALID));
        PublishedEvents.assertValidStructuredEvent(bytes(cloudEvent));

        assertThatThrownBy(() -> PublishedEvents.assertValidStructuredEvent(bytes(cloudEvent.deepCopy().without("dataschema"))))
                .hasMessageContaining("dataschema");
        assertThatThrownBy(() -> PublishedEvents.assertValidStructuredEvent(bytes(cloudEvent.deepCopy()
                .put("dataschema", "https://kfpoperator.io/schemas/run-completion/v2.json")))).hasMessageContaining("dataschema");
        assertThatThrownBy(() -> PublishedEvents.assertValidStructuredEvent(bytes(cloudEvent.deepCopy().put("dataschema", ""))))
                .hasMessageContaining("dataschema");
        ObjectNode brokenData = cloudEvent.deepCopy();
        ((ObjectNode) brokenData.get("data")).remove("runId");
        assertThatThrownBy(() -> PublishedEvents.assertValidStructuredEvent(bytes(brokenData))).hasMessageContaining("runId");
    }

    static Stream<String> releasedVersions() throws IOException {
        try (Stream<Path> files = Files.list(RELEASED)) {
            return files.map(f -> RELEASED_NAME.matcher(f.getFileName().toString())).filter(Matcher::matches).map(m -> m.group(1))
                    .sorted().toList().stream();
        }
    }

    @Test
    void theVersionTheEventsNameIsReleasedAsAFrozenCopy() throws IOException {
        assertThat(releasedVersions()).contains(publishedVersion());
        assertThat(read(RELEASED.resolve("run-completion-" + publishedVersion() + ".released.json")).path("$id").asText())
                .isEqualTo(CloudEventPayload.DATA_SCHEMA.toString());
    }

    /** Each released version still ships, and its current revision breaks no consumer of the released one. */
    @ParameterizedTest
    @MethodSource("releasedVersions")
    void theCurrentSchemaOfAReleasedVersionBreaksNoConsumerOfIt(String version) {
        JsonNode released = read(RELEASED.resolve("run-completion-" + version + ".released.json"));
        JsonNode current = read(SHIPPED.resolve("run-completion-" + version + ".schema.json"));

        assertThat(SchemaCompatibility.breakingChanges(released, current))
                .as("changes to %s that break its consumers; publish a new version instead (docs/events.md)", version).isEmpty();
    }

    /** The same check on the real schema fails for a breaking edit, so the test above can fail. */
    @Test
    void aBreakingEditOfTheShippedSchemaIsCaughtByTheCompatibilityCheck() {
        JsonNode released = read(RELEASED.resolve("run-completion-v1.released.json"));
        ObjectNode edited = (ObjectNode) PublishedEvents.shippedDataSchema();
        ((ArrayNode) edited.get("required")).add("pipelineName");
        ((ObjectNode) edited.get("properties")).remove("runStartTime");

        assertThat(SchemaCompatibility.breakingChanges(released, edited))
                .containsExactlyInAnyOrder("$.pipelineName: newly required", "$.runStartTime: property removed");
    }

    static Stream<Arguments> releasedSamples() throws IOException {
        List<Arguments> samples = new java.util.ArrayList<>();
        for (String version : releasedVersions().toList()) {
            try (Stream<Path> files = Files.list(RELEASED.resolve(version + "-samples"))) {
                files.sorted().forEach(file -> samples.add(Arguments.of(version, file.getFileName().toString())));
            }
        }
        return samples.stream();
    }

    /** Events published under a version before this revision (a consumer may replay them from the stream) pass its current schema. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("releasedSamples")
    void anEventOfAReleasedVersionIsValidByTheCurrentSchemaOfThatVersion(String version, String sample) {
        JsonNode current = read(SHIPPED.resolve("run-completion-" + version + ".schema.json"));

        assertThat(PublishedEvents.dataViolations(current, read(RELEASED.resolve(version + "-samples").resolve(sample)))).isEmpty();
    }

    @Test
    void thePublishedEventShownInTheDocsIsValidAndTheDocsLinkTheSchemaFile() throws IOException {
        String docs = Files.readString(ROOT.resolve("docs/events.md"));
        Matcher block = Pattern.compile("```json\\n(\\{\\n  \"specversion\".*?)```", Pattern.DOTALL).matcher(docs);

        assertThat(block.find()).as("a CloudEvent example in docs/events.md").isTrue();
        PublishedEvents.assertValidStructuredEvent(block.group(1).getBytes(StandardCharsets.UTF_8));
        assertThat(docs).contains("../" + ROOT.relativize(SHIPPED.resolve(CloudEventPayload.DATA_SCHEMA_RESOURCE)));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
