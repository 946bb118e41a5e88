package io.kfpoperator.provider.vertex;

import static io.kfpoperator.provider.vertex.VertexFixture.BUCKET;
import static io.kfpoperator.provider.vertex.VertexFixture.compiledPipeline;
import static io.kfpoperator.provider.vertex.VertexFixture.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pipelines are templates in the bucket, experiments a record beside them; no Vertex call for either. */
class VertexPipelinesIT {

    private final VertexFixture fixture = new VertexFixture();
    private final VertexPlatform platform = fixture.platform();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theCompiledPipelineIsStoredByNameAndVersionAndItsNameIsTheId() throws Exception {
        String id = platform.createPipeline(pipeline("team-a/training", "v1"), compiledPipeline("2.1.0"));

        assertThat(id).isEqualTo("team-a/training");
        Blob template = fixture.storage.get(BlobId.of(BUCKET, "team-a/training/v1"));
        assertThat(template).isNotNull();
        assertThat(new ObjectMapper().readTree(template.getContent())).isEqualTo(compiledPipeline("2.1.0"));
        assertThat(fixture.vertex.jobs()).isEmpty();
    }

    @Test
    void anUpdateAddsTheNewVersionBesideTheOld() {
        String id = platform.createPipeline(pipeline("team-a/training", "v1"), compiledPipeline("2.1.0"));

        String updated = platform.updatePipeline(id, pipeline("team-a/training", "v2"), compiledPipeline("2.1.0"));

        assertThat(updated).isEqualTo(id);
        assertThat(objects()).containsExactlyInAnyOrder("team-a/training/v1", "team-a/training/v2");
    }

    @Test
    void deleteRemovesEveryVersionOfThatPipelineOnly() {
        platform.createPipeline(pipeline("team-a/training", "v1"), compiledPipeline("2.1.0"));
        platform.createPipeline(pipeline("team-a/training", "v2"), compiledPipeline("2.1.0"));
        platform.createPipeline(pipeline("team-a/training-2", "v1"), compiledPipeline("2.1.0"));

        platform.deletePipeline("team-a/training");

        assertThat(objects()).containsExactly("team-a/training-2/v1");
    }

    @Test
    void updatingAPipelineThatWasNeverUploadedIsNotFound() {
        assertThatThrownBy(() -> platform.updatePipeline("team-a/ghost", pipeline("team-a/ghost", "v2"), compiledPipeline("2.1.0")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("team-a/ghost");
    }

    @Test
    void experimentsAreRecordedInTheBucketAndSurviveARestart() {
        String id = platform.createExperiment(new ExperimentDefinition("team-a/trials", "v1", "first"));

        VertexPlatform restarted = fixture.restart();

        assertThat(restarted.updateExperiment(id, new ExperimentDefinition("team-a/trials", "v2", "second"))).isEqualTo(id);
        restarted.deleteExperiment(id);
        assertThatThrownBy(() -> restarted.updateExperiment(id, new ExperimentDefinition("team-a/trials", "v3", "third")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(fixture.vertex.jobs()).isEmpty();
        assertThat(fixture.vertex.schedules()).isEmpty();
    }

    private List<String> objects() {
        return StreamSupport.stream(fixture.storage.list(BUCKET).iterateAll().spliterator(), false)
                .map(Blob::getName).filter(n -> !n.startsWith(".kfp-operator/")).toList();
    }
}
