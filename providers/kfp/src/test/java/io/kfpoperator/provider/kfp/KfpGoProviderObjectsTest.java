package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.contract.Schedule;
import io.kfpoperator.provider.contract.TriggerIndicator;
import io.kfpoperator.provider.spi.FinishedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider switch from the Go KFP provider: the fake KFP holds what the Go provider left (shapes
 * from its source: provider-service/kfp/internal/provider/*.go and base/pkg/label), and ours must
 * adopt and update those objects, create no duplicates, and route completions of runs its
 * recurring runs fire.
 */
class KfpGoProviderObjectsTest extends FakeKfpTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    @TempDir
    Path dir;

    private String goPipelineId;
    private String goV1Id;
    private String goDefaultExperimentId;

    @BeforeEach
    void goProviderLeftAPipelineAndTheDefaultExperiment() throws Exception {
        // UploadPipeline(name = ResourceNameFromNamespacedName = "ns-pipeline"), labels inserted into the spec,
        // then UploadPipelineVersion(name = the version).
        String goSpec = new YAMLMapper().writeValueAsString(withGoLabelInputs(compiledPipeline()));
        goPipelineId = kfp.insertPipeline("ns-pipeline", goSpec);
        goV1Id = kfp.insertVersion(goPipelineId, "v1", goSpec);
        goDefaultExperimentId = kfp.insertExperiment("Default", "");
    }

    /** The Go provider's recurring run for RunConfiguration ns/rc (recurring_run_service.go, label_gen.go). */
    private ObjectNode goRecurringRun(String cron, Map<String, String> userParameters) {
        ObjectNode r = JSON.createObjectNode().put("display_name", "ns-rc").put("experiment_id", goDefaultExperimentId);
        r.putObject("pipeline_version_reference").put("pipeline_id", goPipelineId).put("pipeline_version_id", goV1Id);
        ObjectNode config = r.putObject("runtime_config");
        ObjectNode p = config.putObject("parameters");
        userParameters.forEach(p::put);
        p.put("pipeline-name", "pipeline").put("pipeline-namespace", "ns").put("pipeline-version", "v1")
                .put("runconfiguration-name", "rc").put("runconfiguration-namespace", "ns")
                .put("trigger-type", "schedule").put("trigger-source", "rc").put("trigger-source-namespace", "ns")
                .put("provider-name", "kfp").put("provider-namespace", "kfp-system");
        config.put("pipeline_root", PIPELINE_ROOT + "/ns/pipeline");
        r.put("max_concurrency", "1");
        r.putObject("trigger").putObject("cron_schedule").put("cron", cron);
        r.put("mode", "ENABLE").put("no_catchup", true);
        return r;
    }

    private static RunScheduleDefinition rcSchedule(String version, String cron) {
        return new RunScheduleDefinition("ns/rc", version, "ns/pipeline", "v1", "ns/rc", "",
                new Schedule(cron, null, null), Map.of("text", "hello"), List.of(),
                new TriggerIndicator("schedule", "rc", "ns"));
    }

    private KfpPlatform withDefaultExperiment() {
        return platform(Map.of(KfpSettings.DEFAULT_EXPERIMENT, "Default"));
    }

    @Test
    void aNewVersionGoesIntoTheGoPipelineAndDeclaresTheMetadataInputs() throws Exception {
        String id = createPipeline("ns/pipeline", "v2");

        assertThat(id).isEqualTo(goPipelineId);
        assertThat(kfp.pipelines()).hasSize(1);
        JsonNode v2 = kfp.versionsOf(id).stream().filter(v -> v.get("name").asText().equals("v2")).findFirst()
                .orElseThrow();
        assertThat(new YAMLMapper().readTree(kfp.uploadedFile(v2.get("pipeline_version_id").asText()))
                .at("/root/inputDefinitions/parameters").fieldNames())
                .toIterable().containsAll(GO_LABEL_KEYS).contains("text");
        // The version the Go provider uploaded is found, not uploaded again.
        assertThat(createPipeline("ns/pipeline", "v1")).isEqualTo(goPipelineId);
        assertThat(kfp.versionsOf(id)).extracting(v -> v.get("name").asText()).containsOnlyOnce("v1");
    }

    @Test
    void theGoExperimentIsAdoptedAndRunsFindIt() {
        String goExperiment = kfp.insertExperiment("ns-exp", "from go");

        assertThat(platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "from go")))
                .isEqualTo(goExperiment);
        String runId = platform.createRun(new RunDefinition("ns/run-1", "v1", "ns/pipeline", "v1", "ns/rc", "ns/exp",
                Map.of("text", "hi"), List.of(), null));

        assertThat(kfp.experiments()).hasSize(2);
        assertThat(kfp.run(runId).get("experiment_id").asText()).isEqualTo(goExperiment);
    }

    /** A run on the Go pipeline carries exactly the runtime parameters the Go provider's label generator writes. */
    @Test
    void runsOnTheGoPipelineCarryTheGoProvidersParameters() {
        String runId = withDefaultExperiment().createRun(new RunDefinition("ns/run-1", "r1", "ns/pipeline", "v1",
                "ns/rc", "", Map.of("text", "hi", "run-name", "user value is overwritten"), List.of(),
                new TriggerIndicator("onChangeRunSpec", "rc", "ns")));

        JsonNode run = kfp.run(runId);
        assertThat(run.get("display_name").asText()).isEqualTo("ns-run-1");
        assertThat(run.get("experiment_id").asText()).isEqualTo(goDefaultExperimentId);
        assertThat(run.at("/pipeline_version_reference/pipeline_version_id").asText()).isEqualTo(goV1Id);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("text", "hi");
        expected.put("pipeline-name", "pipeline");
        expected.put("pipeline-namespace", "ns");
        expected.put("pipeline-version", "v1");
        expected.put("runconfiguration-name", "rc");
        expected.put("runconfiguration-namespace", "ns");
        expected.put("run-name", "run-1");
        expected.put("run-namespace", "ns");
        expected.put("trigger-type", "onChangeRunSpec");
        expected.put("trigger-source", "rc");
        expected.put("trigger-source-namespace", "ns");
        expected.put("provider-name", "kfp");
        expected.put("provider-namespace", "kfp-system");
        assertThat(JSON.convertValue(run.at("/runtime_config/parameters"), Map.class)).isEqualTo(expected);
        assertThat(run.at("/runtime_config/pipeline_root").asText()).isEqualTo(PIPELINE_ROOT + "/ns/pipeline");
    }

    @Test
    void theGoRecurringRunIsAdoptedWhenItIsAsDefined() {
        String goSchedule = kfp.insertRecurringRun(goRecurringRun("0 0 * * * *", Map.of("text", "hello")));

        String id = withDefaultExperiment().createRunSchedule(rcSchedule("s1", "0 * * * *"));

        assertThat(id).isEqualTo(goSchedule);
        assertThat(kfp.recurringRuns()).hasSize(1);
    }

    @Test
    void theGoRecurringRunIsReplacedOnUpdateAndOnCreateWithoutDuplicates() {
        String goSchedule = kfp.insertRecurringRun(goRecurringRun("0 0 * * * *", Map.of("text", "hello")));
        KfpPlatform ours = withDefaultExperiment();

        String updated = ours.updateRunSchedule(goSchedule, rcSchedule("s2", "30 * * * *"));

        assertThat(updated).isNotEqualTo(goSchedule);
        assertThat(kfp.recurringRuns()).singleElement().satisfies(r -> {
            assertThat(r.get("recurring_run_id").asText()).isEqualTo(updated);
            assertThat(r.get("display_name").asText()).isEqualTo("ns-rc");
            assertThat(r.at("/trigger/cron_schedule/cron").asText()).isEqualTo("0 30 * * * *");
        });

        // A create (e.g. the RunConfiguration lost its status) replaces a stale one of that name rather than adding one.
        String created = ours.createRunSchedule(rcSchedule("s3", "45 * * * *"));
        assertThat(kfp.recurringRuns()).singleElement()
                .satisfies(r -> assertThat(r.get("recurring_run_id").asText()).isEqualTo(created));
    }

    @Test
    void completionOfARunFiredByTheGoRecurringRunReachesItsRunConfiguration() {
        String goSchedule = kfp.insertRecurringRun(goRecurringRun("0 0 * * * *", Map.of("text", "hello")));
        String runId = kfp.startScheduledRun(goSchedule);
        kfp.finishRun(runId, "SUCCEEDED", t0.plusSeconds(10), Map.of());

        List<FinishedRun> finished = platform.finishedRunsSince(t0);

        assertThat(finished).singleElement().satisfies(f -> {
            assertThat(f.event().runId()).isEqualTo(runId);
            assertThat(f.event().runConfigurationName()).isEqualTo("ns/rc");
            assertThat(f.event().pipelineName()).isEqualTo("ns/pipeline");
            assertThat(f.event().runName()).isNull();
        });
    }

    @Test
    void completionOfAGoRunReachesItsRunAndRunConfiguration() {
        Map<String, String> goParameters = new LinkedHashMap<>();
        goParameters.put("pipeline-name", "pipeline");
        goParameters.put("pipeline-namespace", "ns");
        goParameters.put("runconfiguration-name", "rc");
        goParameters.put("runconfiguration-namespace", "ns");
        goParameters.put("run-name", "run-7");
        goParameters.put("run-namespace", "ns");
        String runId = kfp.insertRun(goPipelineId, "ns-run-7", goParameters);
        kfp.finishRun(runId, "FAILED", t0.plusSeconds(10), Map.of());

        assertThat(platform.finishedRunsSince(t0)).singleElement().satisfies(f -> {
            assertThat(f.event().runName()).isEqualTo("ns/run-7");
            assertThat(f.event().runConfigurationName()).isEqualTo("ns/rc");
            assertThat(f.event().pipelineName()).isEqualTo("ns/pipeline");
        });
    }

    /** Multi-user: experiments in the Provider's namespace, as the Go provider's experiment service sends them. */
    @Test
    void multiUserModeScopesExperimentsToTheProvidersNamespace() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t");
        KfpPlatform multiUser = platform(Map.of(KfpSettings.KFP_MULTI_USER_MODE, "true",
                KfpSettings.KFP_NAMESPACE, "kubeflow", KfpSettings.AUTH_TOKEN_FILE, token.toString()));

        String experimentId = multiUser.createExperiment(new ExperimentDefinition("kfp-system/exp", "v1", ""));
        String runId = multiUser.createRun(new RunDefinition("ns/run-1", "r1", "ns/pipeline", "v1", "", "team/exp",
                Map.of(), List.of(), null));

        assertThat(kfp.experiments()).filteredOn(e -> e.get("experiment_id").asText().equals(experimentId))
                .singleElement().satisfies(e -> {
                    assertThat(e.get("display_name").asText()).isEqualTo("kfp-system-exp");
                    assertThat(e.get("namespace").asText()).isEqualTo("kfp-system");
                });
        // The run's experiment is looked up in the Provider's namespace whatever namespace the run names.
        assertThat(kfp.run(runId).get("experiment_id").asText()).isEqualTo(experimentId);
    }
}
