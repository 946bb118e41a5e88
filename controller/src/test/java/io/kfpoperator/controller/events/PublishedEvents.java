package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kfpoperator.controller.testing.ControllerHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a consumer may rely on in every event the operator publishes, as one assertion each test
 * that captures a published event makes: the CloudEvent is valid by the CloudEvents JSON Schema
 * ({@code reference/cloudevents}), names the shipped data schema in {@code dataschema}, and its
 * {@code data} is valid by that schema (formats checked, not only annotated).
 */
final class PublishedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaValidatorsConfig ASSERT_FORMATS = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Path CLOUDEVENTS_SCHEMA = ControllerHarness.repositoryRoot().resolve("reference/cloudevents/cloudevents.json");

    private static final JsonSchema DATA = dataSchema(shippedDataSchema());
    private static final JsonSchema CLOUDEVENT = cloudEventSchema();

    private PublishedEvents() {
    }

    /** The data schema as the controller jar ships it ({@link CloudEventPayload#DATA_SCHEMA_RESOURCE}). */
    static JsonNode shippedDataSchema() {
        try (InputStream in = CloudEventPayload.class.getResourceAsStream(CloudEventPayload.DATA_SCHEMA_RESOURCE)) {
            assertThat(in).as("resource %s next to CloudEventPayload", CloudEventPayload.DATA_SCHEMA_RESOURCE).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why {@code data} is not a valid RunCompletionEvent by the shipped schema, sorted; empty when it is. */
    static List<String> dataViolations(JsonNode data) {
        return DATA.validate(data).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** As {@link #dataViolations(JsonNode)}, by another revision or version of the data schema. */
    static List<String> dataViolations(JsonNode schema, JsonNode data) {
        return dataSchema(schema).validate(data).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema dataSchema(JsonNode schema) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, ASSERT_FORMATS);
    }

    /** Why {@code cloudEvent} is no valid CloudEvent in the JSON format; empty when it is one. */
    private static List<String> cloudEventViolations(JsonNode cloudEvent) {
        return CLOUDEVENT.validate(cloudEvent).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** A RunCompletionEvent as a sink without CloudEvent attributes sends it (core NATS' {@code {"data": …}}). */
    static void assertValidData(JsonNode data) {
        assertThat(dataViolations(data)).as("violations of %s by %s", CloudEventPayload.DATA_SCHEMA, data).isEmpty();
    }

    /** A structured-mode CloudEvent ({@code application/cloudevents+json}: JetStream, the log). */
    static void assertValidStructuredEvent(byte[] structuredJson) {
        JsonNode cloudEvent = read(structuredJson);
        assertThat(cloudEventViolations(cloudEvent)).as("CloudEvents JSON Schema violations of %s", cloudEvent).isEmpty();
        assertThat(cloudEvent.path("type").asText()).isEqualTo(CloudEventPayload.TYPE);
        assertThat(cloudEvent.path("dataschema").asText()).as("dataschema of %s", cloudEvent).isEqualTo(CloudEventPayload.DATA_SCHEMA.toString());
        assertThat(cloudEvent.path("datacontenttype").asText()).isEqualTo("application/json");
        assertValidData(cloudEvent.path("data"));
    }

    /** A binary-mode CloudEvent (webhooks): {@code ce-*} headers with lower-case names, the data as the body. */
    static void assertValidBinaryEvent(Map<String, String> headers, byte[] body) {
        assertThat(headers).as("CloudEvent headers")
                .containsEntry("ce-specversion", "1.0")
                .containsEntry("ce-type", CloudEventPayload.TYPE)
                .containsEntry("ce-dataschema", CloudEventPayload.DATA_SCHEMA.toString())
                .containsEntry("content-type", "application/json");
        assertValidData(read(body));
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("a published event is not JSON: " + e.getMessage(), e);
        }
    }

    private static JsonSchema cloudEventSchema() {
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(JSON.readTree(CLOUDEVENTS_SCHEMA.toFile()), ASSERT_FORMATS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
