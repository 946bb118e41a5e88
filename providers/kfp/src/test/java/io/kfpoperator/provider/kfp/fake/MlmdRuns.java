package io.kfpoperator.provider.kfp.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml_metadata.MetadataStore.Event;
import ml_metadata.MetadataStore.Execution;
import ml_metadata.MetadataStore.Value;

/**
 * What finished KFP 2.x runs leave in ML Metadata, recorded into a {@link FakeMetadataStore} the
 * way KFP's v2 driver and launcher write it (kubeflow/pipelines backend/src/v2/metadata/client.go):
 * <ul>
 *   <li>a context of type {@code system.PipelineRun} named by the run id, with custom properties
 *       {@code namespace}, {@code resource_name}, {@code pipeline_root}, {@code store_session_info};
 *       (and a {@code system.Pipeline} context named by the pipeline, which readers ignore);</li>
 *   <li>one execution per task ({@code system.ContainerExecution}; {@code system.DAGExecution} for the
 *       root DAG, whose {@code display_name} is empty), custom properties {@code display_name} and
 *       {@code task_name} = the task's {@code taskInfo.name}, plus {@code pod_name}, {@code image}…;</li>
 *   <li>each output artifact: type = the artifact's schema title, {@code uri} under the run's
 *       pipeline root, no {@code properties}, custom properties {@code display_name} = the output
 *       name, {@code store_session_info}, and the artifact's metadata (booleans as 0/1 ints);</li>
 *   <li>an OUTPUT event from the producing execution and an INPUT event into each consumer, the
 *       path's single step keyed by the output (or input) name.</li>
 * </ul>
 */
public final class MlmdRuns {

    public static final String SESSION_INFO = "{\"Provider\":\"gs\",\"Params\":{\"fromEnv\":\"true\"}}";

    private MlmdRuns() {
    }

    /** Ids and locations of what a recorded run produced, for the assertions. */
    public record Recorded(String runId, Map<String, Long> artifactIds, Map<String, String> uris) {
    }

    /**
     * The two-step KFP SDK sample of the fake KFP's pipeline (reference/kfp-v2beta1/
     * pipeline-ir-two-step-sample.yaml): task write-to-gcs (taskInfo "Producer") writes
     * {@code output_gcs_path}, task read-from-gcs ("Consumer") reads it.
     */
    public static Recorded kfpSdkTwoStepRun(FakeMetadataStore store, String runId, String pipelineRoot) {
        String runRoot = pipelineRoot + "/simple-two-step-pipeline/" + runId;
        List<Long> contexts = runContexts(store, "simple-two-step-pipeline", runId, runRoot);
        store.putExecution(contexts, "system.DAGExecution", Execution.State.COMPLETE,
                props("display_name", s(""), "task_name", s("")));
        long producer = task(store, contexts, "Producer", "google/cloud-sdk:slim", Execution.State.COMPLETE);
        String uri = runRoot + "/write-to-gcs/output_gcs_path";
        long artifact = store.putArtifact("system.Artifact", uri, Map.of(),
                props("display_name", s("output_gcs_path"), "store_session_info", s(SESSION_INFO)));
        store.putEvent(producer, artifact, Event.Type.OUTPUT, "output_gcs_path");
        long consumer = task(store, contexts, "Consumer", "google/cloud-sdk:slim", Execution.State.COMPLETE);
        store.putEvent(consumer, artifact, Event.Type.INPUT, "input_gcs_path");
        return new Recorded(runId, Map.of("output_gcs_path", artifact), Map.of("output_gcs_path", uri));
    }

    /**
     * A TFX pipeline compiled for KFP v2 (tasks and outputs of reference/tfx/
     * expected_full_taxi_pipeline_job.json, a subset): CsvExampleGen → examples, Trainer → model and
     * model_run, Evaluator → evaluation and blessing, Pusher → pushed_model. TFX's artifact
     * properties (span, split_names, blessed, pushed…) reach ML Metadata as custom properties.
     * Trainer's and Evaluator's consumption of upstream outputs are INPUT events.
     */
    public static Recorded tfxRun(FakeMetadataStore store, String runId, String pipelineRoot) {
        String runRoot = pipelineRoot + "/chicago-taxi-v2/" + runId;
        List<Long> contexts = runContexts(store, "chicago-taxi-v2", runId, runRoot);
        store.putExecution(contexts, "system.DAGExecution", Execution.State.COMPLETE,
                props("display_name", s(""), "task_name", s("")));
        Map<String, Long> ids = new LinkedHashMap<>();
        Map<String, String> uris = new LinkedHashMap<>();

        long exampleGen = task(store, contexts, "CsvExampleGen", "gcr.io/my-project/taxi:1.15", Execution.State.COMPLETE);
        long examples = output(store, exampleGen, "tfx.Examples", runRoot + "/CsvExampleGen/examples", "examples",
                props("span", i(0), "split_names", s("[\"train\", \"eval\"]"), "version", i(0),
                        "file_format", s("tfrecords_gzip"), "payload_format", s("FORMAT_TF_EXAMPLE")), ids, uris);

        long trainer = task(store, contexts, "Trainer", "gcr.io/my-project/taxi:1.15", Execution.State.COMPLETE);
        store.putEvent(trainer, examples, Event.Type.INPUT, "examples");
        long model = output(store, trainer, "tfx.Model", runRoot + "/Trainer/model", "model", Map.of(), ids, uris);
        output(store, trainer, "tfx.ModelRun", runRoot + "/Trainer/model_run", "model_run", Map.of(), ids, uris);

        long evaluator = task(store, contexts, "Evaluator", "gcr.io/my-project/taxi:1.15", Execution.State.COMPLETE);
        store.putEvent(evaluator, model, Event.Type.INPUT, "model");
        output(store, evaluator, "tfx.ModelEvaluation", runRoot + "/Evaluator/evaluation", "evaluation",
                Map.of(), ids, uris);
        long blessing = output(store, evaluator, "tfx.ModelBlessing", runRoot + "/Evaluator/blessing", "blessing",
                props("blessed", i(1), "current_model", s(runRoot + "/Trainer/model")), ids, uris);

        long pusher = task(store, contexts, "Pusher", "gcr.io/my-project/taxi:1.15", Execution.State.COMPLETE);
        store.putEvent(pusher, model, Event.Type.INPUT, "model");
        store.putEvent(pusher, blessing, Event.Type.INPUT, "model_blessing");
        output(store, pusher, "tfx.PushedModel", runRoot + "/Pusher/pushed_model", "pushed_model",
                props("pushed", i(1), "pushed_destination", s("gs://serving/taxi/1700000000"),
                        "pushed_version", s("1700000000")), ids, uris);
        return new Recorded(runId, ids, uris);
    }

    /** The system.Pipeline and system.PipelineRun contexts KFP's root driver creates; ids in that order. */
    public static List<Long> runContexts(FakeMetadataStore store, String pipelineName, String runId, String runRoot) {
        long pipeline = store.putContext("system.Pipeline", pipelineName, Map.of());
        long run = store.putContext("system.PipelineRun", runId, props("namespace", s("kubeflow"),
                "resource_name", s("run-resource"), "pipeline_root", s(runRoot),
                "store_session_info", s(SESSION_INFO)));
        return List.of(pipeline, run);
    }

    public static long task(FakeMetadataStore store, List<Long> contexts, String taskName, String image,
            Execution.State state) {
        return store.putExecution(contexts, "system.ContainerExecution", state, props("display_name", s(taskName),
                "task_name", s(taskName), "pod_name", s(taskName.toLowerCase() + "-pod"), "pod_uid", s("uid"),
                "namespace", s("kubeflow"), "image", s(image)));
    }

    private static long output(FakeMetadataStore store, long execution, String type, String uri, String name,
            Map<String, Value> metadata, Map<String, Long> ids, Map<String, String> uris) {
        Map<String, Value> custom = new LinkedHashMap<>(metadata);
        custom.put("display_name", s(name));
        custom.put("store_session_info", s(SESSION_INFO));
        long id = store.putArtifact(type, uri, Map.of(), custom);
        store.putEvent(execution, id, Event.Type.OUTPUT, name);
        ids.put(name, id);
        uris.put(name, uri);
        return id;
    }

    public static Value s(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    public static Value i(long value) {
        return Value.newBuilder().setIntValue(value).build();
    }

    public static Value d(double value) {
        return Value.newBuilder().setDoubleValue(value).build();
    }

    public static Map<String, Value> props(Object... keysAndValues) {
        Map<String, Value> map = new LinkedHashMap<>();
        for (int k = 0; k < keysAndValues.length; k += 2) {
            map.put((String) keysAndValues[k], (Value) keysAndValues[k + 1]);
        }
        return map;
    }
}
