package io.kfpoperator.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.aiplatform.v1.PipelineJob;
import com.google.cloud.aiplatform.v1.Schedule;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.providerservice.contract.ProviderContractSuite;
import io.kfpoperator.providerservice.contract.ReferencePipeline;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.StreamSupport;

/**
 * The shared provider REST contract against the Vertex platform, backed by the in-process fake
 * Vertex (PipelineService, ScheduleService) and an in-memory bucket.
 */
class VertexPlatformContractIT extends ProviderContractSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPERIMENTS = ".kfp-operator/experiments/";

    private VertexFixture fixture;

    @Override
    protected PipelinePlatform platform() {
        fixture = new VertexFixture();
        return fixture.platform();
    }

    @Override
    protected void afterEachTest() {
        fixture.close();
    }

    @Override
    protected OptionalInt countOnPlatform(ResourceType type, String name) {
        String namespace = name.substring(0, name.indexOf('/'));
        String shortName = name.substring(name.indexOf('/') + 1);
        long count = switch (type) {
            // One pipeline is one template prefix, whatever its number of versions.
            case PIPELINE -> fixture.storage.list(VertexFixture.BUCKET, Storage.BlobListOption.prefix(name + "/"))
                    .iterateAll().iterator().hasNext() ? 1 : 0;
            case EXPERIMENT -> StreamSupport.stream(fixture.storage.list(VertexFixture.BUCKET).iterateAll().spliterator(), false)
                    .map(Blob::getName).filter(n -> n.endsWith("/experiments/" + name)).count();
            case RUN_SCHEDULE -> fixture.vertex.schedules().stream()
                    .filter(s -> s.getDisplayName().equals(VertexRequests.scheduleDisplayName(name))).count();
            case RUN -> fixture.vertex.jobs().stream()
                    .filter(j -> VertexLabels.value(shortName).equals(j.getLabelsMap().get(VertexLabels.RUN_NAME))
                            && VertexLabels.value(namespace).equals(j.getLabelsMap().get(VertexLabels.RUN_NAMESPACE)))
                    .count();
        };
        return OptionalInt.of((int) count);
    }

    @Override
    protected boolean existsOnPlatform(ResourceType type, String id) {
        return switch (type) {
            case PIPELINE -> !pipelineVersionsOnPlatform(id).isEmpty();
            case EXPERIMENT -> fixture.storage.get(BlobId.of(VertexFixture.BUCKET, EXPERIMENTS + id)) != null;
            case RUN_SCHEDULE -> fixture.vertex.schedules().stream().anyMatch(s -> s.getName().equals(id));
            case RUN -> fixture.vertex.jobs().stream()
                    .anyMatch(j -> VertexLabels.value(id).equals(j.getLabelsMap().get(VertexRequests.RUN_ID_LABEL)));
        };
    }

    @Override
    protected boolean runStoppedOnPlatform(String runId) {
        return fixture.vertex.jobs().stream()
                .filter(j -> VertexLabels.value(runId).equals(j.getLabelsMap().get(VertexRequests.RUN_ID_LABEL)))
                .anyMatch(j -> j.getState() == com.google.cloud.aiplatform.v1.PipelineState.PIPELINE_STATE_CANCELLING
                        || j.getState() == com.google.cloud.aiplatform.v1.PipelineState.PIPELINE_STATE_CANCELLED);
    }

    @Override
    protected List<String> pipelineVersionsOnPlatform(String pipelineId) {
        return StreamSupport.stream(fixture.storage.list(VertexFixture.BUCKET, Storage.BlobListOption.prefix(pipelineId + "/"))
                .iterateAll().spliterator(), false).map(b -> b.getName().substring(pipelineId.length() + 1)).toList();
    }

    @Override
    protected Optional<String> experimentDescriptionOnPlatform(String experimentId) {
        Blob record = fixture.storage.get(BlobId.of(VertexFixture.BUCKET, EXPERIMENTS + experimentId));
        if (record == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(record.getContent()).path("description").asText(""));
        } catch (IOException e) {
            throw new AssertionError("experiment record is not JSON", e);
        }
    }

    @Override
    protected Optional<String> scheduleCronOnPlatform(String scheduleId) {
        return fixture.vertex.schedules().stream().filter(s -> s.getName().equals(scheduleId))
                .map(Schedule::getCron).findFirst();
    }

    /**
     * The run's job carries the IR inside a TFX PipelineJob as its pipeline_spec (the fake validates
     * it as a PipelineSpec and the parameter field against its schema), the wrapper's labels, and the
     * schema and SDK of the IR, wherever the compiler put them.
     */
    @Override
    protected void assertCompilerOutputReachedThePlatform(ReferencePipeline reference, String pipelineId,
            String version, String runId) {
        PipelineJob job = fixture.vertex.jobs().stream()
                .filter(j -> VertexLabels.value(runId).equals(j.getLabelsMap().get(VertexRequests.RUN_ID_LABEL)))
                .findFirst().orElseThrow(() -> new AssertionError("no pipeline job for run " + runId));
        assertThat(job.getPipelineSpec()).isEqualTo(struct(reference.expectedSpec()));
        JsonNode spec = reference.expectedSpec();
        String schema = spec.path("schemaVersion").asText();
        assertThat(job.getLabelsMap()).containsEntry(VertexLabels.SCHEMA_VERSION, VertexLabels.value(schema))
                .containsEntry(VertexLabels.SDK_VERSION, VertexLabels.value(spec.path("sdkVersion").asText()));
        if (VertexRequests.schemaAtLeast(schema, 2, 1)) {
            assertThat(job.getRuntimeConfig().getParameterValuesMap()).containsKey("learning_rate");
        }
        reference.document().path("labels").fields().forEachRemaining(label -> assertThat(job.getLabelsMap())
                .containsEntry(VertexLabels.key(label.getKey()), VertexLabels.value(label.getValue().asText())));
        assertThat(job.getTemplateUri()).endsWith("/" + pipelineId + "/" + version);
    }

    private static Struct struct(JsonNode json) {
        Struct.Builder struct = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(JSON.writeValueAsString(json), struct);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return struct.build();
    }
}
