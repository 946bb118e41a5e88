package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bad KFP answers {@link KfpGeneratedBadAnswersTest} found, one by one: each used to end in a
 * silent wrong result or a call that never returned.
 */
class KfpMalformedAnswerTest extends FakeKfpTestBase {

    private static final String API = "/apis/v2beta1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Was: an empty or made-up id returned as the object's id (and written into the resource's status). */
    @ParameterizedTest(name = "{0} answered with {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "/experiments         | experiment_id    | <missing>",
        "/experiments         | experiment_id    | 1.5E308",
        "/experiments         | experiment_id    | ''",
        "/runs                | run_id           | <missing>",
        "/runs                | run_id           | {}",
        "/recurringruns       | recurring_run_id | <missing>",
        "/recurringruns       | recurring_run_id | 42",
        "/pipelines/upload    | pipeline_id      | <missing>",
        "/pipelines/upload    | pipeline_id      | true",
    })
    void createAnsweredWithoutAUsableIdFailsNamingTheId(String path, String field, String value) {
        createPipelineUnlessUploading(path);
        kfp.mangleAnswersTo("POST", API + path, (m, p, q, body) -> withField(body, field, value));

        assertThatThrownBy(() -> create(path))
                .isInstanceOf(KfpMalformedAnswerException.class)
                .hasMessageContaining(field);
    }

    /** Was: {@code ""} returned as the id of the object the create made. */
    @ParameterizedTest
    @CsvSource({"/experiments", "/runs", "/recurringruns", "/pipelines/upload"})
    void createAnsweredWithJsonThatIsNotAnObjectFailsSayingSo(String path) {
        createPipelineUnlessUploading(path);
        kfp.mangleAnswersTo("POST", API + path, (m, p, q, body) -> "[]");

        assertThatThrownBy(() -> create(path))
                .isInstanceOf(KfpMalformedAnswerException.class)
                .hasMessageContaining("JSON that is not an object");
    }

    /** Was: the lookup took an experiment of our name without an id and returned "" as its id. */
    @Test
    void lookupThatFindsOurObjectWithoutAnIdFailsNamingTheId() {
        kfp.insertExperiment("ns-exp", "");
        kfp.mangleAnswersTo("GET", API + "/experiments", (m, p, q, body) -> edit(body,
                page -> ((ObjectNode) page.withArray("experiments").get(0)).remove("experiment_id")));

        assertThatThrownBy(() -> platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", "")))
                .isInstanceOf(KfpMalformedAnswerException.class)
                .hasMessageContaining("find experiment")
                .hasMessageContaining("experiment_id");
    }

    /** Was: the call never returned, asking for the same page again and again. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"/experiments", "/pipelines", "/runs"})
    void listWhoseNextPageTokenComesBackEndsInsteadOfLooping(String path) {
        kfp.mangleAnswersTo("GET", API + path, (m, p, q, body) -> edit(body,
                page -> page.put("next_page_token", q.getOrDefault("page_token", List.of("0")).get(0))));

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> list(path))
                .isInstanceOf(KfpMalformedAnswerException.class)
                .hasMessageContaining("next_page_token"));
        assertThat(kfp.answersSinceMangling()).isLessThan(5);
    }

    /** Was: the run was left out as if it had not finished, and its event was lost once later runs moved the watermark. */
    @Test
    void finishedRunWithAnUnreadableFinishTimeFailsTheListNamingIt() {
        createPipeline("ns/pipeline", "v1");
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        kfp.finishRun(runId, "SUCCEEDED", Instant.parse("2026-11-25T12:00:00Z"), Map.of());
        kfp.mangleAnswersTo("GET", API + "/runs", (m, p, q, body) -> edit(body,
                page -> ((ObjectNode) page.withArray("runs").get(0)).put("finished_at", "yesterday")));

        assertThatThrownBy(() -> platform.finishedRunsSince(Instant.parse("2026-01-01T00:00:00Z")))
                .isInstanceOf(KfpMalformedAnswerException.class)
                .hasMessageContaining("finished_at")
                .hasMessageContaining(runId);
    }

    /** Was: the pipeline's versions deleted as ".../versions/" (404, taken as gone) and the pipeline delete refused (422). */
    @Test
    void versionListedWithoutAnIdFailsTheDeleteNamingIt() {
        String id = createPipeline("ns/pipeline", "v1");
        kfp.mangleAnswersTo("GET", API + "/pipelines/[^/]+/versions", (m, p, q, body) -> edit(body,
                page -> ((ObjectNode) page.withArray("pipeline_versions").get(0)).remove("pipeline_version_id")));

        assertThatThrownBy(() -> platform.deletePipeline(id))
                .isInstanceOf(KfpMalformedAnswerException.class)
                .hasMessageContaining("pipeline_version_id");
    }

    /** Was: the event went out with empty artifact ids, or none at all. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "task_details as an object  | {\"task_details\": {\"train\": {}}}                                               | task_details",
        "an artifact id as a list   | {\"task_details\": [{\"display_name\": \"t\", \"outputs\": {\"model\": {\"artifact_ids\": [[7]]}}}]} | artifact_ids",
    })
    void finishedRunWithArtifactsOfTheWrongShapeFailsNamingThem(String what, String runDetails, String field) {
        createPipeline("ns/pipeline", "v1");
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        kfp.finishRun(runId, "SUCCEEDED", Instant.parse("2026-11-25T12:00:00Z"), Map.of());
        kfp.mangleAnswersTo("GET", API + "/runs", (m, p, q, body) -> edit(body,
                page -> ((ObjectNode) page.withArray("runs").get(0)).set("run_details", parse(runDetails))));

        assertThatThrownBy(() -> platform.finishedRunsSince(Instant.parse("2026-01-01T00:00:00Z")))
                .as(what)
                .isInstanceOf(KfpMalformedAnswerException.class)
                .hasMessageContaining(field);
    }

    @Test
    void anUnknownRunStateIsARunThatHasNotFinished() {
        createPipeline("ns/pipeline", "v1");
        String runId = platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
        kfp.finishRun(runId, "SUCCEEDED", Instant.parse("2026-11-25T12:00:00Z"), Map.of());
        kfp.mangleAnswersTo("GET", API + "/runs", (m, p, q, body) -> edit(body,
                page -> ((ObjectNode) page.withArray("runs").get(0)).put("state", "STATE_FROM_A_NEWER_KFP")));

        assertThat(platform.finishedRunsSince(Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
    }

    // ---- helpers ----

    private void createPipelineUnlessUploading(String path) {
        if (!path.equals("/pipelines/upload")) {
            createPipeline("ns/pipeline", "v1");
        }
    }

    private Object create(String path) {
        return switch (path) {
            case "/experiments" -> platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", ""));
            case "/runs" -> platform.createRun(run("ns/run-1", "ns/pipeline", "v1", "ns/rc"));
            case "/recurringruns" -> platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));
            case "/pipelines/upload" -> createPipeline("ns/pipeline", "v1");
            default -> throw new IllegalArgumentException(path);
        };
    }

    private Object list(String path) {
        return switch (path) {
            case "/experiments" -> platform.createExperiment(new ExperimentDefinition("ns/exp", "v1", ""));
            case "/pipelines" -> createPipeline("ns/pipeline", "v1");
            case "/runs" -> platform.finishedRunsSince(Instant.EPOCH);
            default -> throw new IllegalArgumentException(path);
        };
    }

    /** {@code body} with {@code field} removed ({@code <missing>}) or set to the JSON {@code value}. */
    private static String withField(String body, String field, String value) {
        return edit(body, object -> {
            if (value.equals("<missing>")) {
                object.remove(field);
            } else {
                object.set(field, parse(value.isEmpty() ? "\"\"" : value));
            }
        });
    }

    private static String edit(String body, Consumer<ObjectNode> change) {
        ObjectNode object = (ObjectNode) parse(body);
        change.accept(object);
        return object.toString();
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
