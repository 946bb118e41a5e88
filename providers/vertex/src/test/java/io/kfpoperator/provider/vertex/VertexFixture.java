package io.kfpoperator.provider.vertex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.kfpoperator.provider.contract.Framework;
import io.kfpoperator.provider.contract.NamedValue;
import io.kfpoperator.provider.contract.OutputArtifact;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.contract.Schedule;
import io.kfpoperator.provider.contract.TriggerIndicator;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.vertex.fake.FakePubSub;
import io.kfpoperator.provider.vertex.fake.FakeVertex;
import io.kfpoperator.provider.vertex.fake.LossyStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Vertex platform wired to the in-process fake Vertex and an in-memory bucket, as the factory
 * would wire it to Google; {@link #restart()} replaces the platform (a new process) over the same
 * Vertex and bucket.
 */
final class VertexFixture implements AutoCloseable {

    static final String PROVIDER = "kfp-operator-system/vertex-ai";
    static final String PROJECT = "ml-project";
    static final String LOCATION = "europe-west2";
    static final String BUCKET = "pipeline-templates";
    static final String PARENT = "projects/" + PROJECT + "/locations/" + LOCATION;
    static final String PIPELINE_ROOT = "gs://pipeline-root";
    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeVertex vertex = new FakeVertex();
    /** The bucket, whose next write can be made to lose its answer. */
    final LossyStorage bucket = new LossyStorage(LocalStorageHelper.customOptions(false).getService());
    final Storage storage = bucket.storage();
    /** Present when the parameters name a subscription: the Pub/Sub completion source reads it. */
    final FakePubSub pubsub;
    private final Map<String, String> parameters;
    private VertexPlatform platform;

    VertexFixture() {
        this(Map.of());
    }

    VertexFixture(Map<String, String> extraParameters) {
        Map<String, String> params = new HashMap<>(Map.of(
                VertexSettings.PROJECT, PROJECT,
                VertexSettings.LOCATION, LOCATION,
                VertexSettings.BUCKET, "gs://" + BUCKET));
        params.putAll(extraParameters);
        this.parameters = params;
        String subscription = params.get(VertexSettings.EVENTS_SUBSCRIPTION);
        this.pubsub = subscription == null ? null : new FakePubSub(subscription, Duration.ofMinutes(1));
        this.platform = newPlatform();
    }

    VertexPlatform platform() {
        return platform;
    }

    /** A new platform instance, as after a provider service restart; the old one is closed. */
    VertexPlatform restart() {
        platform.close();
        platform = newPlatform();
        return platform;
    }

    private VertexPlatform newPlatform() {
        VertexSettings settings = VertexSettings.from(new PlatformConfig(PROVIDER, PIPELINE_ROOT, parameters));
        VertexClients clients = VertexClients.overChannels(vertex.channel(), storage,
                Optional.ofNullable(pubsub).map(FakePubSub::channel));
        return new VertexPlatform(settings, clients, new FakeClock());
    }

    @Override
    public void close() {
        platform.close();
        vertex.close();
        if (pubsub != null) {
            pubsub.close();
        }
    }

    // ---- definitions as the operator sends them ----

    static JsonNode compiledPipeline(String schemaVersion) {
        ObjectNode compiled = JSON.createObjectNode();
        compiled.putObject("pipelineInfo").put("name", "training");
        compiled.putObject("root").putObject("dag").putObject("tasks");
        compiled.put("schemaVersion", schemaVersion);
        compiled.put("sdkVersion", "kfp-2.7.0");
        return compiled;
    }

    static PipelineDefinition pipeline(String name, String version) {
        return new PipelineDefinition(name, version, "registry.example/training:" + version,
                List.of(new NamedValue("STAGE", "test")), new Framework("tfx", Map.of()));
    }

    /** Uploads the pipeline's template (schema 2.1.0) so runs can use it. */
    String createPipeline(String name, String version) {
        return platform.createPipeline(pipeline(name, version), compiledPipeline("2.1.0"));
    }

    static RunDefinition run(String name, String version, String pipelineName, String pipelineVersion) {
        return new RunDefinition(name, version, pipelineName, pipelineVersion, "", "",
                Map.of("learning_rate", "0.1"), List.of(new OutputArtifact("model", "trainer:model:0")),
                new TriggerIndicator("runConfiguration", "nightly", "team-a"));
    }

    static RunScheduleDefinition schedule(String name, String version, String pipelineName, String cron) {
        return schedule(name, version, pipelineName, new Schedule(cron, null, null));
    }

    static RunScheduleDefinition schedule(String name, String version, String pipelineName, Schedule schedule) {
        String namespace = name.substring(0, name.indexOf('/'));
        String shortName = name.substring(name.indexOf('/') + 1);
        return new RunScheduleDefinition(name, version, pipelineName, "v1", namespace + "/nightly", "", schedule,
                Map.of("learning_rate", "0.1"), List.of(), new TriggerIndicator("schedule", shortName, namespace));
    }

    static OffsetDateTime at(String instant) {
        return OffsetDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }

    /** The platform's clock is the fake's, so "now" agrees on both sides. */
    private final class FakeClock extends Clock {

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return vertex.now();
        }
    }
}
