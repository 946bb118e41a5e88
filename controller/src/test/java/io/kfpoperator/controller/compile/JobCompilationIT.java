package io.kfpoperator.controller.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Pipeline of a container framework through the direct engine: the controller runs a
 * compilation Job, is woken when it finishes, and uploads what the compiler printed. The test
 * plays the Job controller and the kubelet on the API server.
 */
class JobCompilationIT extends ControllerTestBase {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String NS = "kfp-operator";

    @Override
    protected void beforeControllerStarts() {
        harness.compileInJobs();
        harness.apply(Manifests.provider("with-tfx", "frameworks: [{name: tfx, image: \"tfx-compiler:1\"}]"));
        harness.apply(Manifests.tfxPipeline("penguin", "kfp-operator/with-tfx", "penguin:v3"));
    }

    private List<Job> jobs() {
        return harness.client.batch().v1().jobs().inNamespace(NS).list().getItems();
    }

    private Job awaitJob() {
        eventually().until(() -> jobs().size() == 1);
        return jobs().get(0);
    }

    /** The Job controller and kubelet: the pod ran, printed {@code log}, and the Job ended with {@code condition}. */
    private void finish(Job job, String condition, String reason, String log) {
        String pod = job.getMetadata().getName() + "-abcde";
        harness.client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(pod).withNamespace(NS).addToLabels("job-name", job.getMetadata().getName()).endMetadata()
                .withNewStatus().withPhase("Complete".equals(condition) ? "Succeeded" : "Failed").endStatus().build()).create();
        harness.server.podLogs((namespace, name, container) ->
                namespace.equals(NS) && name.equals(pod) && container.equals("compile") ? Optional.of(log) : Optional.empty());
        harness.client.batch().v1().jobs().resource(new JobBuilder(job).withNewStatus()
                .withSucceeded("Complete".equals(condition) ? 1 : 0).withFailed("Failed".equals(condition) ? 1 : 0)
                .addNewCondition().withType(condition).withStatus("True").withReason(reason).endCondition()
                .endStatus().build()).updateStatus();
    }

    @Test
    void compiledPipelinePrintedByTheJobIsUploadedAndTheJobRemoved() throws Exception {
        Job job = awaitJob();
        assertThat(job.getSpec().getTemplate().getSpec().getInitContainers()).singleElement()
                .satisfies(c -> assertThat(c.getImage()).isEqualTo("tfx-compiler:1"));
        assertThat(job.getSpec().getTemplate().getSpec().getContainers()).singleElement()
                .satisfies(c -> assertThat(c.getImage()).isEqualTo("penguin:v3"));
        // The Job is created before the status saying so is written: wait for the status.
        Pipeline waiting = awaitResource(Pipeline.class, "penguin", p -> messageOf(p).contains("Job " + NS + "/" + job.getMetadata().getName()));
        assertThat(stateOf(waiting)).isEqualTo(SynchronizationState.CREATING);

        String compiled = "pipelineInfo: {name: penguin}\nschemaVersion: 2.1.0\nroot: {dag: {tasks: {}}}\n";
        finish(job, "Complete", "CompletionsReached", "INFO compiling penguin\n" + ContainerJobCompiler.MARKER + "\n" + compiled);

        awaitState(Pipeline.class, "penguin", SynchronizationState.SUCCEEDED);
        assertThat(harness.receivedPipelines).singleElement()
                .satisfies(call -> assertThat((JsonNode) call[1]).isEqualTo(YAML.readTree(compiled)));
        eventually().until(() -> jobs().isEmpty());
    }

    @Test
    void aFailingCompilerFailsThePipelineWithItsLastLines() {
        Job job = awaitJob();
        finish(job, "Failed", "BackoffLimitExceeded", "Traceback (most recent call last):\nModuleNotFoundError: No module named 'penguin'\n");

        Pipeline failed = awaitState(Pipeline.class, "penguin", SynchronizationState.FAILED);
        assertThat(messageOf(failed)).startsWith("compilation failed").contains("No module named 'penguin'");
        assertThat(harness.receivedPipelines).isEmpty();
    }
}
