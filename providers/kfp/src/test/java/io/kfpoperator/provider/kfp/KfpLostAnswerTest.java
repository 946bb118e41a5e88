package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.kfp.fake.FakeKfpApi.LostAnswer;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every create the KFP platform makes, with KFP carrying it out and the answer lost on the way
 * back (connection reset, a gateway's 502, an answer after the request timeout). The caller sees
 * a failure it retries; the retry, the same call as the controller makes it, returns the id of
 * the object the first call made, and KFP holds one object, not two.
 */
class KfpLostAnswerTest extends FakeKfpTestBase {

    private static final String API = "/apis/v2beta1";

    /** Makes the call whose answer is lost; it gives up after 2 s, so that a TOO_LATE answer is one. */
    private KfpPlatform caller;

    @BeforeEach
    void answersComeTooLateForTheCaller() {
        kfp.answerTooLateAfter(Duration.ofSeconds(5));
        caller = platform(Map.of(KfpSettings.REQUEST_TIMEOUT, "2s"));
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void pipelineUploadWhoseAnswerWasLostIsFoundByName(LostAnswer how) {
        kfp.loseAnswerOfNext("POST", API + "/pipelines/upload", 1, how);

        assertThatThrownBy(() -> caller.createPipeline(pipeline("ns/pipeline", "v1"), compiledPipeline()))
                .isInstanceOf(PlatformUnavailableException.class);
        assertThat(kfp.lostAnswers()).containsExactly("POST " + API + "/pipelines/upload");
        String madeByTheLostCall = kfp.pipelines().get(0).get("pipeline_id").asText();

        String id = caller.createPipeline(pipeline("ns/pipeline", "v1"), compiledPipeline());

        assertThat(id).isEqualTo(madeByTheLostCall);
        assertThat(kfp.pipelines()).hasSize(1);
        // KFP's initial version (named after the pipeline) and the one asked for.
        assertThat(versionNames(id)).containsExactlyInAnyOrder("ns-pipeline", "v1");
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void versionUploadOfANewPipelineWhoseAnswerWasLostIsFoundByName(LostAnswer how) {
        kfp.loseAnswerOfNext("POST", API + "/pipelines/upload_version", 1, how);

        assertThatThrownBy(() -> caller.createPipeline(pipeline("ns/pipeline", "v1"), compiledPipeline()))
                .isInstanceOf(PlatformUnavailableException.class);
        assertThat(kfp.lostAnswers()).containsExactly("POST " + API + "/pipelines/upload_version");

        String id = caller.createPipeline(pipeline("ns/pipeline", "v1"), compiledPipeline());

        assertThat(kfp.pipelines()).singleElement()
                .satisfies(p -> assertThat(p.get("pipeline_id").asText()).isEqualTo(id));
        assertThat(versionNames(id)).containsExactlyInAnyOrder("ns-pipeline", "v1");
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void versionUploadOfAnUpdateWhoseAnswerWasLostIsFoundByName(LostAnswer how) {
        String id = createPipeline("ns/pipeline", "v1");
        kfp.loseAnswerOfNext("POST", API + "/pipelines/upload_version", 1, how);

        assertThatThrownBy(() -> caller.updatePipeline(id, pipeline("ns/pipeline", "v2"), compiledPipeline()))
                .isInstanceOf(PlatformUnavailableException.class);
        assertThat(versionNames(id)).contains("v2");

        assertThat(caller.updatePipeline(id, pipeline("ns/pipeline", "v2"), compiledPipeline())).isEqualTo(id);

        assertThat(versionNames(id)).containsExactlyInAnyOrder("ns-pipeline", "v1", "v2");
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void experimentWhoseAnswerWasLostIsFoundByDisplayName(LostAnswer how) {
        kfp.loseAnswerOfNext("POST", API + "/experiments", 1, how);
        ExperimentDefinition experiment = new ExperimentDefinition("ns/exp", "v1", "for the lost answer");

        assertThatThrownBy(() -> caller.createExperiment(experiment)).isInstanceOf(PlatformUnavailableException.class);
        assertThat(kfp.lostAnswers()).containsExactly("POST " + API + "/experiments");
        String madeByTheLostCall = kfp.experiments().get(0).get("experiment_id").asText();

        assertThat(caller.createExperiment(experiment)).isEqualTo(madeByTheLostCall);

        assertThat(kfp.experiments()).hasSize(1);
    }

    /**
     * KFP run names are not unique and v2beta1 runs have no labels, but a run lists with its
     * runtime parameters, which carry the Run's name: a display_name filter (which KFP's list
     * filter supports on runs) and those parameters find it.
     */
    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void runWhoseAnswerWasLostIsFoundByDisplayNameAndRunNameParameters(LostAnswer how) {
        createPipeline("ns/pipeline", "v1");
        RunDefinition run = run("ns/run-1", "ns/pipeline", "v1", "ns/rc");
        kfp.loseAnswerOfNext("POST", API + "/runs", 1, how);

        assertThatThrownBy(() -> caller.createRun(run)).isInstanceOf(PlatformUnavailableException.class);
        assertThat(kfp.lostAnswers()).containsExactly("POST " + API + "/runs");
        String madeByTheLostCall = kfp.runs().get(0).get("run_id").asText();

        assertThat(caller.createRun(run)).isEqualTo(madeByTheLostCall);

        assertThat(kfp.runs()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void runOfAnotherRunWithTheSameDisplayNameIsNotTakenForTheLostOne(LostAnswer how) {
        createPipeline("ns/pipeline", "v1");
        // Someone started a run by hand and named it as our Run would be named.
        String byHand = kfp.insertRun(kfp.pipelines().get(0).get("pipeline_id").asText(), "ns-run-1", Map.of());
        kfp.loseAnswerOfNext("POST", API + "/runs", 1, how);

        assertThatThrownBy(() -> caller.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc")))
                .isInstanceOf(PlatformUnavailableException.class);
        String id = caller.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));

        assertThat(id).isNotEqualTo(byHand);
        assertThat(kfp.runs()).extracting(r -> r.get("run_id").asText()).containsExactlyInAnyOrder(byHand, id);
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void recurringRunWhoseAnswerWasLostIsFoundByDisplayNameAndMetadata(LostAnswer how) {
        createPipeline("ns/pipeline", "v1");
        kfp.loseAnswerOfNext("POST", API + "/recurringruns", 1, how);

        assertThatThrownBy(() -> caller.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *")))
                .isInstanceOf(PlatformUnavailableException.class);
        assertThat(kfp.lostAnswers()).containsExactly("POST " + API + "/recurringruns");
        String madeByTheLostCall = kfp.recurringRuns().get(0).get("recurring_run_id").asText();

        assertThat(caller.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"))).isEqualTo(madeByTheLostCall);

        assertThat(kfp.recurringRuns()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void replacementRecurringRunWhoseAnswerWasLostIsFoundAndTheOldOneDeleted(LostAnswer how) {
        createPipeline("ns/pipeline", "v1");
        String old = platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));
        kfp.loseAnswerOfNext("POST", API + "/recurringruns", 1, how);

        assertThatThrownBy(() -> caller.updateRunSchedule(old, schedule("ns/rc", "s2", "30 * * * *")))
                .isInstanceOf(PlatformUnavailableException.class);
        // The old schedule keeps firing until its replacement is known.
        assertThat(kfp.recurringRuns()).hasSize(2);
        String madeByTheLostCall = kfp.recurringRuns().stream().map(r -> r.get("recurring_run_id").asText())
                .filter(id -> !id.equals(old)).findFirst().orElseThrow();

        String replacement = caller.updateRunSchedule(old, schedule("ns/rc", "s2", "30 * * * *"));

        assertThat(replacement).isEqualTo(madeByTheLostCall);
        assertThat(kfp.recurringRuns()).singleElement().satisfies(r -> {
            assertThat(r.get("recurring_run_id").asText()).isEqualTo(replacement);
            assertThat(r.at("/trigger/cron_schedule/cron").asText()).isEqualTo("0 30 * * * *");
        });
    }

    @ParameterizedTest
    @EnumSource(LostAnswer.class)
    void deleteOfTheReplacedRecurringRunWhoseAnswerWasLostIsDoneOnce(LostAnswer how) {
        createPipeline("ns/pipeline", "v1");
        String old = platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));
        kfp.loseAnswerOfNext("DELETE", API + "/recurringruns/.*", 1, how);

        assertThatThrownBy(() -> caller.updateRunSchedule(old, schedule("ns/rc", "s2", "30 * * * *")))
                .isInstanceOf(PlatformUnavailableException.class);
        assertThat(kfp.recurringRun(old)).isNull();

        String replacement = caller.updateRunSchedule(old, schedule("ns/rc", "s2", "30 * * * *"));

        assertThat(kfp.recurringRuns()).singleElement()
                .satisfies(r -> assertThat(r.get("recurring_run_id").asText()).isEqualTo(replacement));
    }

    private List<String> versionNames(String pipelineId) {
        return kfp.versionsOf(pipelineId).stream().map(v -> v.get("name").asText()).toList();
    }
}
