package io.kfpoperator.provider.kfp;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kfpoperator.provider.kfp.fake.ReferenceSpecs;
import io.kfpoperator.provider.spi.InvalidDefinitionException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import org.junit.jupiter.api.Test;

class KfpPipelinesTest extends FakeKfpTestBase {

    @Test
    void createUploadsPipelineAndNamedVersionWithTheCompiledDefinition() throws Exception {
        String id = createPipeline("ns/pipeline", "v1");

        assertThat(kfp.pipelines()).singleElement().satisfies(p -> {
            assertThat(p.get("pipeline_id").asText()).isEqualTo(id);
            // As the Go provider names it; no description either.
            assertThat(p.get("name").asText()).isEqualTo("ns-pipeline");
            assertThat(p.get("display_name").asText()).isEqualTo("ns-pipeline");
            assertThat(p.get("description").asText()).isEmpty();
        });
        JsonNode v1 = kfp.versionsOf(id).stream().filter(v -> v.get("name").asText().equals("v1")).findFirst()
                .orElseThrow();
        JsonNode uploaded = new YAMLMapper().readTree(kfp.uploadedFile(v1.get("pipeline_version_id").asText()));
        assertThat(uploaded).isEqualTo(withGoLabelInputs(compiledPipeline()));
    }

    @Test
    void repeatedCreateReturnsTheSameIdAndUploadsNothing() {
        String first = createPipeline("ns/pipeline", "v1");
        server.wireMock().resetRequests();

        String second = createPipeline("ns/pipeline", "v1");

        assertThat(second).isEqualTo(first);
        assertThat(kfp.pipelines()).hasSize(1);
        server.wireMock().verify(0, postRequestedFor(urlPathEqualTo("/apis/v2beta1/pipelines/upload")));
        server.wireMock().verify(0, postRequestedFor(urlPathEqualTo("/apis/v2beta1/pipelines/upload_version")));
    }

    @Test
    void createOfANewVersionReusesTheExistingPipeline() {
        String first = createPipeline("ns/pipeline", "v1");

        String second = createPipeline("ns/pipeline", "v2");

        assertThat(second).isEqualTo(first);
        assertThat(kfp.versionsOf(first)).extracting(v -> v.get("name").asText()).contains("v1", "v2");
    }

    @Test
    void updateAddsTheVersionToThePipeline() {
        String id = createPipeline("ns/pipeline", "v1");

        String updated = platform.updatePipeline(id, pipeline("ns/pipeline", "v2"), compiledPipeline());

        assertThat(updated).isEqualTo(id);
        assertThat(kfp.versionsOf(id)).extracting(v -> v.get("name").asText()).contains("v1", "v2");
    }

    @Test
    void updateOfAnUnknownPipelineIsNotFound() {
        assertThatThrownBy(() -> platform.updatePipeline("no-such-id", pipeline("ns/pipeline", "v2"),
                compiledPipeline()))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void deleteRemovesAllVersionsThenThePipeline() {
        String id = createPipeline("ns/pipeline", "v1");
        platform.updatePipeline(id, pipeline("ns/pipeline", "v2"), compiledPipeline());

        platform.deletePipeline(id);

        assertThat(kfp.pipelines()).isEmpty();
        assertThat(kfp.versionsOf(id)).isEmpty();
    }

    @Test
    void deleteOfAMissingPipelineSucceedsAndLeavesTheOthers() {
        String keep = createPipeline("ns/keep", "v1");
        server.wireMock().resetRequests();

        platform.deletePipeline("already-gone");

        assertThat(kfp.pipelines()).extracting(p -> p.get("pipeline_id").asText()).containsExactly(keep);
        assertThat(kfp.versionsOf(keep)).extracting(v -> v.get("name").asText()).contains("v1");
        server.wireMock().verify(0, deleteRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void aTfxPipelineJobIsUploadedAsThePipelineSpecInsideIt() throws Exception {
        JsonNode job = tfxPipelineJob();

        String id = platform.createPipeline(pipeline("ns/tfx", "v1"), job);

        JsonNode v1 = kfp.versionsOf(id).stream().filter(v -> v.get("name").asText().equals("v1")).findFirst()
                .orElseThrow();
        assertThat(new YAMLMapper().readTree(kfp.uploadedFile(v1.get("pipeline_version_id").asText())))
                .isEqualTo(withGoLabelInputs(job.get("pipelineSpec")));
    }

    @Test
    void aTfxPipelineJobSentAsTextIsUploadedAsThePipelineSpecInsideIt() throws Exception {
        JsonNode job = tfxPipelineJob();

        String id = platform.createPipeline(pipeline("ns/tfx", "v1"),
                TextNode.valueOf(new ObjectMapper().writeValueAsString(job)));

        JsonNode v1 = kfp.versionsOf(id).stream().filter(v -> v.get("name").asText().equals("v1")).findFirst()
                .orElseThrow();
        assertThat(new YAMLMapper().readTree(kfp.uploadedFile(v1.get("pipeline_version_id").asText())))
                .isEqualTo(withGoLabelInputs(job.get("pipelineSpec")));
    }

    @Test
    void aPipelineSpecThatIsNotAnObjectIsInvalidAndUploadsNothing() {
        ObjectNode job = new ObjectMapper().createObjectNode().put("displayName", "x").put("pipelineSpec", "nope");

        assertThatThrownBy(() -> platform.createPipeline(pipeline("ns/tfx", "v1"), job))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("pipelineSpec");
        assertThat(kfp.pipelines()).isEmpty();
    }

    @Test
    void createThatLosesARaceForThePipelineAdoptsThePipelineThatWon() {
        String[] winner = new String[1];
        kfp.beforeNext("POST", "/apis/v2beta1/pipelines/upload",
                () -> winner[0] = kfp.insertPipeline("ns-pipeline", "pipelineInfo: {name: x}\nroot: {}\nschemaVersion: 2.1.0\n"));

        String id = createPipeline("ns/pipeline", "v1");

        assertThat(id).isEqualTo(winner[0]);
        assertThat(kfp.pipelines()).hasSize(1);
        assertThat(kfp.versionsOf(id)).extracting(v -> v.get("name").asText()).contains("v1");
    }

    @Test
    void createThatLosesARaceForTheVersionAdoptsTheVersionThatWon() {
        String id = createPipeline("ns/pipeline", "v1");
        String[] winner = new String[1];
        kfp.beforeNext("POST", "/apis/v2beta1/pipelines/upload_version",
                () -> winner[0] = kfp.insertVersion(id, "v2", "pipelineInfo: {name: x}\nroot: {}\nschemaVersion: 2.1.0\n"));

        assertThat(platform.updatePipeline(id, pipeline("ns/pipeline", "v2"), compiledPipeline())).isEqualTo(id);

        assertThat(kfp.versionsOf(id)).filteredOn(v -> v.get("name").asText().equals("v2"))
                .extracting(v -> v.get("pipeline_version_id").asText()).containsExactly(winner[0]);
    }

    @Test
    void createWithoutCompiledPipelineIsInvalid() {
        assertThatThrownBy(() -> platform.createPipeline(pipeline("ns/pipeline", "v1"), null))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("compiledPipeline");
        assertThat(kfp.pipelines()).isEmpty();
    }

    private static JsonNode tfxPipelineJob() throws Exception {
        return new ObjectMapper().readTree(ReferenceSpecs.kfpV2beta1().getParent()
                .resolve("tfx").resolve("expected_two_step_pipeline_job.json").toFile());
    }
}
