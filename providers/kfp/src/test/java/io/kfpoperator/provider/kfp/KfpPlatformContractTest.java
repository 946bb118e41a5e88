package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.kfp.fake.FakeKfpServer;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.providerservice.contract.ProviderContractSuite;
import io.kfpoperator.providerservice.contract.ReferencePipeline;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The provider REST contract, served by the real provider service in front of KfpPlatform, which
 * talks HTTP to the stateful fake KFP; every KFP exchange is checked against the swagger.
 */
class KfpPlatformContractTest extends ProviderContractSuite {

    private FakeKfpServer kfp;

    @Override
    protected PipelinePlatform platform() {
        kfp = new FakeKfpServer();
        // The suite's runs pass parameters (e.g. learning_rate) that its reference pipelines do not declare.
        kfp.api().acceptUndeclaredParameters();
        return new KfpPlatformFactory().create(new PlatformConfig("kfp-operator-system/kfp", "gs://bucket/root",
                Map.of(KfpSettings.REST_KFP_API_URL, kfp.baseUrl())));
    }

    @Override
    protected void afterEachTest() {
        try {
            assertThat(kfp.api().violations()).as("KFP exchanges against the v2beta1 swagger").isEmpty();
        } finally {
            kfp.close();
        }
    }

    @Override
    protected OptionalInt countOnPlatform(ResourceType type, String name) {
        List<? extends com.fasterxml.jackson.databind.JsonNode> objects = switch (type) {
            case PIPELINE -> kfp.api().pipelines();
            case EXPERIMENT -> kfp.api().experiments();
            case RUN_SCHEDULE -> kfp.api().recurringRuns();
            case RUN -> kfp.api().runs();
        };
        String field = type == ResourceType.PIPELINE ? "name" : "display_name";
        // Objects are named ns-name on KFP, as the Go provider names them.
        String kfpName = KfpNames.kfpName(name);
        return OptionalInt.of((int) objects.stream().filter(o -> kfpName.equals(o.path(field).asText())).count());
    }

    @Override
    protected boolean existsOnPlatform(ResourceType type, String id) {
        return switch (type) {
            case PIPELINE -> kfp.api().pipelines().stream().anyMatch(p -> id.equals(p.path("pipeline_id").asText()));
            case EXPERIMENT -> kfp.api().experiments().stream().anyMatch(e -> id.equals(e.path("experiment_id").asText()));
            case RUN_SCHEDULE -> kfp.api().recurringRuns().stream()
                    .anyMatch(r -> id.equals(r.path("recurring_run_id").asText()));
            case RUN -> kfp.api().runs().stream().anyMatch(r -> id.equals(r.path("run_id").asText()));
        };
    }

    @Override
    protected boolean runStoppedOnPlatform(String runId) {
        return kfp.api().runs().stream().anyMatch(r -> runId.equals(r.path("run_id").asText()) && "CANCELED".equals(r.path("state").asText()));
    }

    @Override
    protected List<String> pipelineVersionsOnPlatform(String pipelineId) {
        return kfp.api().versionsOf(pipelineId).stream().map(v -> v.path("name").asText()).toList();
    }

    @Override
    protected Optional<String> experimentDescriptionOnPlatform(String experimentId) {
        return kfp.api().experiments().stream().filter(e -> experimentId.equals(e.path("experiment_id").asText()))
                .map(e -> e.path("description").asText("")).findFirst();
    }

    @Override
    protected Optional<String> scheduleCronOnPlatform(String scheduleId) {
        return kfp.api().recurringRuns().stream().filter(r -> scheduleId.equals(r.path("recurring_run_id").asText()))
                .map(r -> r.path("trigger").path("cron_schedule").path("cron").asText()).findFirst();
    }

    /**
     * KFP parses the uploaded file as a PipelineSpec (the fake refuses anything else, as KFP does), so
     * a TFX PipelineJob must arrive as the spec inside it; the run must use that version.
     */
    @Override
    protected void assertCompilerOutputReachedThePlatform(ReferencePipeline reference, String pipelineId,
            String version, String runId) {
        JsonNode uploaded = kfp.api().versionsOf(pipelineId).stream()
                .filter(v -> version.equals(v.path("name").asText())).findFirst()
                .map(v -> readYaml(kfp.api().uploadedFile(v.path("pipeline_version_id").asText())))
                .orElseThrow(() -> new AssertionError("no version " + version + " of " + pipelineId));
        // Plus the metadata inputs the Go provider's label service declares in every uploaded spec.
        assertThat(uploaded).isEqualTo(FakeKfpTestBase.withGoLabelInputs(reference.expectedSpec()));
        String versionId = kfp.api().versionsOf(pipelineId).stream()
                .filter(v -> version.equals(v.path("name").asText()))
                .map(v -> v.path("pipeline_version_id").asText()).findFirst().orElseThrow();
        assertThat(kfp.api().run(runId).path("pipeline_version_reference").path("pipeline_version_id").asText())
                .isEqualTo(versionId);
    }

    private static JsonNode readYaml(String text) {
        try {
            return new YAMLMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("uploaded file is not YAML: " + e.getMessage(), e);
        }
    }
}
