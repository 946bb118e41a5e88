package io.kfpoperator.sandbox;

import io.kfpoperator.apiserver.testing.Kubectl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sandbox driven as a user drives it: started with the examples, then the real kubectl with
 * the kubeconfig the sandbox wrote. The JVM runs in the repository root (failsafe configuration),
 * as `./kfp-operator sandbox` does, so `kubectl apply -f examples/` works word for word.
 */
class SandboxKubectlIT {

    private static final String SUCCEEDED = "jsonpath={.status.conditions[?(@.type==\"Synchronized\")].reason}=Succeeded";
    private static final String FOLLOW_UP_RUNS = "kubectl get runs -l pipelines.kubeflow.org/runconfiguration.name=hello-world-follow-up";

    @TempDir
    static Path temp;
    static Sandbox sandbox;
    static Kubectl kubectl;
    static final ByteArrayOutputStream banner = new ByteArrayOutputStream();

    @BeforeAll
    static void startSandbox() throws IOException {
        Path home = Files.createDirectories(temp.resolve("home"));
        SandboxOptions options = SandboxOptions.defaults().withApiPort(0).withKubeconfig(temp.resolve("kubeconfig"))
                .withRunDuration(Duration.ofSeconds(2)).withNats("off");
        sandbox = Sandbox.start(options, new PrintStream(banner, true, StandardCharsets.UTF_8));
        kubectl = new Kubectl(sandbox.kubeconfig(), home);
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void bannerSaysWhereEverythingIsAndThatItIsASandbox() {
        String text = banner.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("NOT a production Kubernetes API server")
                .contains("export KUBECONFIG=" + sandbox.kubeconfig())
                .contains(sandbox.apiUri().toString());
        assertThat(text.strip()).endsWith(Sandbox.READY_LINE);
    }

    @Test
    void examplesReachSucceededAndGetShowsThePrinterColumns() {
        Kubectl.Result wait = kubectl.run("wait", "pipeline/hello-world", "--for=" + SUCCEEDED, "--timeout=60s");
        assertThat(wait.exitCode()).as(wait.all()).isZero();
        assertThat(kubectl.run("wait", "runconfiguration/hello-world-hourly", "experiment/hello-experiment", "run/hello-world-once",
                "--for=condition=Synchronized", "--timeout=60s").exitCode()).isZero();

        Kubectl.Result get = kubectl.run("get", "pipelines");
        assertThat(get.exitCode()).as(get.all()).isZero();
        assertThat(get.out()).contains("NAME", "SYNCHRONIZATIONSTATE", "PROVIDER", "VERSION")
                .containsPattern("hello-world\\s+kfp-operator/kfp\\s+Succeeded\\s+v1-");
        assertThat(kubectl.run("get", "mlp", "-n", "default").out()).contains("hello-world");
    }

    @Test
    void theOneOffRunCompletesAndTheDependentRunConfigurationFires() {
        Kubectl.Result completed = kubectl.run("wait", "run/hello-world-once", "--for=jsonpath={.status.completionState}=Succeeded", "--timeout=60s");
        assertThat(completed.exitCode()).as(completed.all()).isZero();

        // hello-world-follow-up is triggered by hello-world-hourly's succeeded run (its onChange run at start).
        Kubectl.Result followUp = kubectl.run("wait", "runconfiguration/hello-world-follow-up", "--for=" + SUCCEEDED, "--timeout=60s");
        assertThat(followUp.exitCode()).as(followUp.all()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                kubectl.run("get", "runs", "-l", "pipelines.kubeflow.org/runconfiguration.name=hello-world-follow-up").out())
                .contains("hello-world-follow-up-"));
    }

    /**
     * The tour's follow-up step, as docs/sandbox.md and the README write it: it says why there is
     * nothing to see at first, and its `kubectl wait` holds until the follow-up Run exists.
     */
    @ParameterizedTest
    @ValueSource(strings = {"docs/sandbox.md", "README.md"})
    void theToursFollowUpStepWaitsForASucceededRunOfHelloWorldHourly(String doc) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(doc));
        int get = lines.indexOf(FOLLOW_UP_RUNS);
        assertThat(get).as(doc + " has the step `" + FOLLOW_UP_RUNS + "`").isPositive();
        String wait = lines.get(get - 1);
        assertThat(wait).as("the line before it in " + doc).startsWith("kubectl wait ");
        String explanation = String.join(" ", lines.subList(Math.max(0, get - 12), get - 1)).replaceAll("[#\\s]+", " ");
        assertThat(explanation).as("what " + doc + " says before the step").contains("nothing").contains("hello-world-hourly")
                .contains("succeeded");

        Kubectl.Result waited = kubectl.shell(wait);
        assertThat(waited.exitCode()).as(waited.all()).isZero();
        // At once, as a user pastes both lines: the follow-up Run is there as soon as the wait returns.
        Kubectl.Result runs = kubectl.shell(FOLLOW_UP_RUNS);
        assertThat(runs.exitCode()).as(runs.all()).isZero();
        assertThat(runs.out()).contains("hello-world-follow-up-");
    }

    @Test
    void applyOfTheExamplesDirectoryWorks() {
        Kubectl.Result apply = kubectl.run("apply", "-f", "examples/");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("pipeline.pipelines.kubeflow.org/penguin-pipeline created")
                .contains("runschedule.pipelines.kubeflow.org/hello-world-nightly created");
        assertThat(apply.err()).doesNotContain("last-applied-configuration");
        assertThat(kubectl.run("wait", "pipeline/penguin-pipeline", "--for=" + SUCCEEDED, "--timeout=60s").exitCode()).isZero();
    }

    /** The tour's pause-and-resume step: the same RunSchedule, suspended, then resumed in place. */
    @Test
    void aPausedScheduleResumesInPlace() {
        String schedules = "runschedules -o wide -l pipelines.kubeflow.org/runconfiguration.name=hello-world-weekdays";
        assertThat(kubectl.run("apply", "-f", "examples/runconfiguration-schedule-controls.yaml").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kubectl.shell("kubectl get " + schedules).out())
                .contains("SUSPENDED").containsPattern("hello-world-weekdays-\\S+\\s+kfp-operator/kfp\\s+Succeeded\\s+\\S+\\s+true"));
        String list = "kubectl get runschedules -l pipelines.kubeflow.org/runconfiguration.name=hello-world-weekdays";
        assertThat(kubectl.shell(list).out()).as("not among the default columns").doesNotContain("SUSPENDED");
        String name = kubectl.shell(list + " -o jsonpath={.items[0].metadata.name}").out().strip();

        Kubectl.Result resume = kubectl.run("patch", "runconfiguration", "hello-world-weekdays", "--type", "json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/triggers/schedules/0/suspend\",\"value\":false}]");
        assertThat(resume.exitCode()).as(resume.all()).isZero();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(kubectl.shell("kubectl get " + schedules).out())
                .containsPattern(java.util.regex.Pattern.quote(name) + "\\s+kfp-operator/kfp\\s+Succeeded\\s+\\S+\\s+false"));
        assertThat(kubectl.shell(list + " -o name").out().strip().lines()).as("still the one RunSchedule").hasSize(1);
    }

    @Test
    void invalidManifestFailsAtOnceNamingTheFieldAndTheSandboxKeepsServing() {
        Kubectl.Result apply = kubectl.runWithInput("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata:
                  name: broken
                spec:
                  provider: kfp-operator/kfp
                  image: ghcr.io/example/broken:v1
                  framwork:
                    name: static
                """, "apply", "-f", "-");
        assertThat(apply.exitCode()).isNotZero();
        // kubectl validates strictly (fieldValidation=Strict): kube-apiserver answers 400 naming every unknown field.
        assertThat(apply.err()).contains("Error from server (BadRequest)")
                .contains("Pipeline in version \"v1beta1\" cannot be handled as a Pipeline: strict decoding error: unknown field \"spec.framwork\"");

        Kubectl.Result schedule = kubectl.runWithInput("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata:
                  name: broken-schedule
                spec:
                  run:
                    provider: kfp-operator/kfp
                    pipeline: hello-world
                  triggers:
                    schedules:
                      - cronExpression: "every day"
                """, "apply", "-f", "-");
        assertThat(schedule.exitCode()).isNotZero();
        assertThat(schedule.err()).contains("spec.triggers.schedules[0].cronExpression");

        assertThat(kubectl.run("get", "pipeline", "broken").err()).contains("NotFound");
        assertThat(kubectl.run("get", "pipelines").exitCode()).isZero();
    }

    /** What the Go operator's webhooks refuse at apply, refused by ours with the field path in kubectl's stderr. */
    @ParameterizedTest
    @ValueSource(strings = {
            "spec.provider|Provider 'kfp-operator/absent' does not exist|default|provider: kfp-operator/absent|name: static",
            "metadata.namespace|namespace 'team-b' is not allowed to use Provider 'kfp-operator/kfp'|team-b|provider: kfp-operator/kfp|name: static",
            "spec.framework.name|framework 'sklearn' is not supported by Provider 'kfp-operator/kfp'|default|provider: kfp-operator/kfp|name: sklearn"})
    void aPipelineTheWebhookRefusesIsNotStoredAndKubectlNamesTheField(String example) {
        String[] parts = example.split("\\|");
        kubectl.run("create", "namespace", "team-b");
        Kubectl.Result apply = kubectl.runWithInput("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata:
                  name: refused
                  namespace: %s
                spec:
                  %s
                  image: ghcr.io/example/refused:v1
                  framework:
                    %s
                    parameters:
                      uri: file://examples/pipelines/hello-world.yaml
                """.formatted(parts[2], parts[3], parts[4]), "apply", "-f", "-");

        assertThat(apply.exitCode()).as(apply.all()).isNotZero();
        assertThat(apply.err()).contains("The Pipeline \"refused\" is invalid").contains(parts[0] + ": " + parts[1]);
        assertThat(kubectl.run("get", "pipeline", "refused", "-n", parts[2]).err()).contains("NotFound");
    }

    @Test
    void aProviderSettingAReservedEnvironmentVariableIsRefusedAndAValidOneAdmitted() {
        String provider = """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Provider
                metadata:
                  name: %s
                  namespace: kfp-operator
                spec:
                  serviceImage: ghcr.io/kfp-operator/kfp-operator:0.1.0
                  serviceAccount: kfp-operator-kfp
                  pipelineRootStorage: gs://my-bucket/pipeline-root
                  podTemplateEnv:
                    - name: %s
                      value: "1"
                """;
        Kubectl.Result reserved = kubectl.runWithInput(provider.formatted("reserved", "PROVIDERNAME"), "apply", "-f", "-");
        assertThat(reserved.exitCode()).as(reserved.all()).isNotZero();
        assertThat(reserved.err()).contains("The Provider \"reserved\" is invalid").contains("spec.podTemplateEnv[0].name: 'PROVIDERNAME' is reserved");

        Kubectl.Result admitted = kubectl.runWithInput(provider.formatted("with-env", "LOG_LEVEL"), "apply", "-f", "-");
        assertThat(admitted.exitCode()).as(admitted.all()).isZero();
        assertThat(kubectl.run("delete", "provider", "with-env", "-n", "kfp-operator", "--timeout=60s").exitCode()).isZero();
    }

    @Test
    void watchSeesAResourceAppear() throws IOException {
        Process watch = kubectl.start("get", "pipelines", "-w");
        try {
            StringBuilder seen = new StringBuilder();
            InputStream out = watch.getInputStream();
            await().atMost(Duration.ofSeconds(30)).until(() -> read(out, seen).contains("hello-world"));
            Kubectl.Result apply = kubectl.runWithInput(pipeline("watched"), "apply", "-f", "-");
            assertThat(apply.exitCode()).as(apply.all()).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> read(out, seen).contains("watched"));
            await().atMost(Duration.ofSeconds(30)).until(() -> read(out, seen).matches("(?s).*watched\\s+kfp-operator/kfp\\s+Succeeded.*"));
        } finally {
            watch.destroy();
            watch.onExit().orTimeout(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deleteRemovesTheResourceAndItsPipelineFromTheSimulatedPlatform() {
        assertThat(kubectl.runWithInput(pipeline("doomed"), "apply", "-f", "-").exitCode()).isZero();
        assertThat(kubectl.run("wait", "pipeline/doomed", "--for=" + SUCCEEDED, "--timeout=60s").exitCode()).isZero();
        assertThat(sandbox.platform().pipelines()).anySatisfy(p -> assertThat(p.name()).contains("doomed"));

        Kubectl.Result delete = kubectl.run("delete", "pipeline", "doomed", "--timeout=60s");
        assertThat(delete.exitCode()).as(delete.all()).isZero();
        assertThat(delete.out()).contains("\"doomed\" deleted");

        assertThat(kubectl.run("get", "pipeline", "doomed").err()).contains("NotFound");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(sandbox.platform().pipelines()).noneSatisfy(p -> assertThat(p.name()).contains("doomed")));
    }

    @Test
    void describeShowsTheControllersEvents() {
        assertThat(kubectl.run("wait", "pipeline/hello-world", "--for=" + SUCCEEDED, "--timeout=60s").exitCode()).isZero();
        Kubectl.Result describe = kubectl.run("describe", "pipeline", "hello-world");
        assertThat(describe.exitCode()).as(describe.all()).isZero();
        assertThat(describe.out()).contains("Name:         hello-world").contains("Events:").contains("kfp-operator").contains("Synced");
    }

    @Test
    void editAndPatchChangeThePipelineVersion() {
        assertThat(kubectl.runWithInput(pipeline("patched"), "apply", "-f", "-").exitCode()).isZero();
        assertThat(kubectl.run("wait", "pipeline/patched", "--for=" + SUCCEEDED, "--timeout=60s").exitCode()).isZero();

        Kubectl.Result patch = kubectl.run("patch", "pipeline", "patched", "--type", "merge", "-p", "{\"spec\":{\"image\":\"ghcr.io/example/patched:v2\"}}");
        assertThat(patch.exitCode()).as(patch.all()).isZero();
        assertThat(kubectl.run("wait", "pipeline/patched", "--for=jsonpath={.status.version}", "--timeout=60s").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> kubectl.run("get", "pipeline", "patched", "-o", "jsonpath={.status.version}").out().startsWith("v2-"));

        Kubectl.Result invalid = kubectl.run("patch", "pipeline", "patched", "--type", "merge", "-p", "{\"spec\":{\"image\":\"\"}}");
        assertThat(invalid.exitCode()).isNotZero();
        assertThat(invalid.err()).contains("spec.image");
    }

    @Test
    void apiResourcesListsOurKindsWithShortNames() {
        Kubectl.Result resources = kubectl.run("api-resources", "--api-group", "pipelines.kubeflow.org");
        assertThat(resources.exitCode()).as(resources.all()).isZero();
        assertThat(resources.out()).containsPattern("pipelines\\s+mlp\\s+pipelines.kubeflow.org/v1beta1\\s+true\\s+Pipeline")
                .containsPattern("runconfigurations\\s+mlrc");
    }

    /**
     * The tour's run-now step: `kubectl annotate` with a token starts one Run labelled runNow and the
     * token is recorded; a bad token is refused by the webhook at once, naming the annotation.
     */
    @Test
    void annotatingRunNowStartsOneRunAndABadTokenIsRefusedAtOnce() {
        String selector = "pipelines.kubeflow.org/trigger-type=runNow,pipelines.kubeflow.org/runconfiguration.name=hello-world-hourly";
        long before = kubectl.run("get", "runs", "-l", selector, "-o", "name").out().lines().count();
        Kubectl.Result annotate = kubectl.run("annotate", "runconfiguration", "hello-world-hourly", "--overwrite",
                "pipelines.kubeflow.org/run-now=tour-1");
        assertThat(annotate.exitCode()).as(annotate.all()).isZero();
        Kubectl.Result handled = kubectl.run("wait", "runconfiguration/hello-world-hourly",
                "--for=jsonpath={.status.triggers.runNow}=tour-1", "--timeout=60s");
        assertThat(handled.exitCode()).as(handled.all()).isZero();
        Kubectl.Result runs = kubectl.run("get", "runs", "-l", selector, "-o", "name");
        assertThat(runs.out().lines().count()).as(runs.all()).isEqualTo(before + 1);

        Kubectl.Result bad = kubectl.run("annotate", "runconfiguration", "hello-world-hourly", "--overwrite",
                "pipelines.kubeflow.org/run-now=");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("metadata.annotations[pipelines.kubeflow.org/run-now]: must not be empty");
        assertThat(kubectl.run("get", "runconfiguration", "hello-world-hourly", "-o",
                "jsonpath={.metadata.annotations.pipelines\\.kubeflow\\.org/run-now}").out()).isEqualTo("tour-1");
    }

    /** The tour's run-now lines as docs/sandbox.md and the README write them, pasted one after the other. */
    @ParameterizedTest
    @ValueSource(strings = {"docs/sandbox.md", "README.md"})
    void theToursRunNowLinesStartARun(String doc) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(doc));
        int annotate = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("kubectl annotate runconfiguration hello-world-hourly --overwrite pipelines.kubeflow.org/run-now=")) {
                annotate = i;
            }
        }
        assertThat(annotate).as(doc + " has the run-now step").isPositive();
        String before = kubectl.run("get", "runs", "-l", "pipelines.kubeflow.org/trigger-type=runNow", "-o", "name").out();
        // The token is the time in seconds: a token handled in this second already would start nothing.
        String handled = kubectl.run("get", "runconfiguration", "hello-world-hourly", "-o", "jsonpath={.status.triggers.runNow}").out();
        await().atMost(Duration.ofSeconds(3)).until(() -> !String.valueOf(java.time.Instant.now().getEpochSecond()).equals(handled));
        for (String line : lines.subList(annotate, annotate + 3)) {
            assertThat(line).startsWith("kubectl ");
            Kubectl.Result result = kubectl.shell(line);
            assertThat(result.exitCode()).as(line + "\n" + result.all()).isZero();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                kubectl.run("get", "runs", "-l", "pipelines.kubeflow.org/trigger-type=runNow", "-o", "name").out().lines().count())
                .isGreaterThan(before.lines().count()));
    }

    /**
     * The tour's "take the pipeline away" step on a pipeline of its own: its RunConfiguration says
     * Failed with the reason, its schedules are suspended on the platform, and applying the
     * pipeline again makes everything go on.
     */
    @Test
    void deletingAPipelineSuspendsItsSchedulesAndApplyingItAgainResumesThem() {
        String runConfiguration = """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: gone-hourly, namespace: default}
                spec:
                  run: {provider: kfp-operator/kfp, pipeline: gone}
                  triggers: {schedules: [{cronExpression: "0 * * * *"}]}
                ---
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunSchedule
                metadata: {name: gone-nightly, namespace: default}
                spec:
                  provider: kfp-operator/kfp
                  pipeline: gone
                  schedule: {cronExpression: "0 2 * * *"}
                """;
        assertThat(kubectl.runWithInput(pipeline("gone"), "apply", "-f", "-").exitCode()).isZero();
        assertThat(kubectl.run("wait", "pipeline/gone", "--for=" + SUCCEEDED, "--timeout=60s").exitCode()).isZero();
        Kubectl.Result apply = kubectl.runWithInput(runConfiguration, "apply", "-f", "-");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(kubectl.run("wait", "runconfiguration/gone-hourly", "runschedule/gone-nightly", "--for=" + SUCCEEDED, "--timeout=60s")
                .exitCode()).isZero();

        assertThat(kubectl.run("delete", "pipeline", "gone", "--timeout=60s").exitCode()).isZero();

        Kubectl.Result failed = kubectl.run("wait", "runconfiguration/gone-hourly",
                "--for=jsonpath={.status.conditions[?(@.type==\"Synchronized\")].reason}=Failed", "--timeout=60s");
        assertThat(failed.exitCode()).as(failed.all()).isZero();
        assertThat(kubectl.run("get", "runconfiguration", "gone-hourly").out()).containsPattern("gone-hourly\\s+Failed");
        assertThat(kubectl.run("describe", "runconfiguration", "gone-hourly").out())
                .contains("Pipeline 'gone' does not exist: its schedules are suspended").contains("PipelineNotFound");
        Kubectl.Result suspended = kubectl.run("wait", "runschedule/gone-nightly", "--for=jsonpath={.status.suspended}=true", "--timeout=60s");
        assertThat(suspended.exitCode()).as(suspended.all()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sandbox.platform().runSchedules().stream()
                .filter(rs -> rs.definition().pipelineName().equals("default/gone"))).hasSize(2)
                .allSatisfy(rs -> assertThat(rs.definition().isSuspended()).isTrue()));

        assertThat(kubectl.runWithInput(pipeline("gone"), "apply", "-f", "-").exitCode()).isZero();

        assertThat(kubectl.run("wait", "runconfiguration/gone-hourly", "--for=" + SUCCEEDED, "--timeout=60s").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sandbox.platform().runSchedules().stream()
                .filter(rs -> rs.definition().pipelineName().equals("default/gone"))).hasSize(2)
                .noneSatisfy(rs -> assertThat(rs.definition().isSuspended()).isTrue()));
        assertThat(kubectl.run("get", "runschedule", "gone-nightly", "-o", "jsonpath={.status.suspended}").out()).isEmpty();
        assertThat(kubectl.run("delete", "runconfiguration/gone-hourly", "runschedule/gone-nightly", "pipeline/gone", "--timeout=60s")
                .exitCode()).isZero();
    }

    private static String pipeline(String name) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: Pipeline
                metadata:
                  name: %s
                  namespace: default
                spec:
                  provider: kfp-operator/kfp
                  image: ghcr.io/example/%s:v1
                  framework:
                    name: static
                    parameters:
                      uri: file://examples/pipelines/hello-world.yaml
                """.formatted(name, name);
    }

    private static String read(InputStream in, StringBuilder seen) throws IOException {
        int available = in.available();
        if (available > 0) {
            seen.append(new String(in.readNBytes(available), StandardCharsets.UTF_8));
        }
        return seen.toString();
    }
}
