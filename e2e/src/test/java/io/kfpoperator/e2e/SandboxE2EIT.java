package io.kfpoperator.e2e;

import io.kfpoperator.apiserver.testing.Kubectl;
import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kfp-operator sandbox` started as its own process from the repository root, then driven only
 * through the real kubectl and the kubeconfig it wrote: what a new user does with the README.
 */
class SandboxE2EIT {

    private static final String SYNCHRONIZED = "--for=jsonpath={.status.conditions[?(@.type==\"Synchronized\")].reason}=Succeeded";

    @TempDir
    Path temp;

    @Test
    void examplesAppliedWithKubectlSynchroniseAndDeleteCleanly() throws Exception {
        try (SandboxProcess sandbox = SandboxProcess.start(temp.resolve("kubeconfig"), "--run-duration", "3s", "--nats", "off", "--no-examples")) {
            assertThat(sandbox.stdout()).contains("NOT a production Kubernetes API server").contains("export KUBECONFIG=" + temp.resolve("kubeconfig"));
            Kubectl kubectl = new Kubectl(sandbox.kubeconfig(), Files.createDirectories(temp.resolve("home")));

            Kubectl.Result apply = kubectl.run("apply", "-f", "examples/");
            assertThat(apply.exitCode()).as(apply.all()).isZero();
            Kubectl.Result provider = kubectl.run("wait", "-n", "kfp-operator", "provider/kfp", SYNCHRONIZED, "--timeout=90s");
            assertThat(provider.exitCode()).as(provider.all()).isZero();
            Kubectl.Result synced = kubectl.run("wait", "pipeline/hello-world", "pipeline/penguin-pipeline", "experiment/hello-experiment",
                    "runconfiguration/hello-world-hourly", "runschedule/hello-world-nightly", "run/hello-world-once", SYNCHRONIZED, "--timeout=90s");
            assertThat(synced.exitCode()).as(synced.all()).isZero();

            Kubectl.Result get = kubectl.run("get", "pipelines");
            assertThat(get.out()).contains("SYNCHRONIZATIONSTATE").containsPattern("hello-world\\s+kfp-operator/kfp\\s+Succeeded\\s+v1-");

            // spec.retry: the simulated platform fails the first two attempts; the third succeeds and is the one event.
            Kubectl.Result retried = kubectl.run("wait", "run/hello-world-retry", "--for=jsonpath={.status.completionState}=Succeeded",
                    "--timeout=150s");
            assertThat(retried.exitCode()).as(retried.all()).isZero();
            Kubectl.Result attempts = kubectl.run("get", "run", "hello-world-retry");
            assertThat(attempts.out()).contains("ATTEMPTS").containsPattern("hello-world-retry\\s+kfp-operator/kfp\\s+Succeeded\\s+\\S+\\s+Succeeded\\s+3");
            Kubectl.Result outcomes = kubectl.run("get", "run", "hello-world-retry", "-o",
                    "jsonpath={range .status.attempts[*]}{.outcome} {end}");
            assertThat(outcomes.out().trim()).isEqualTo("Failed Failed Succeeded");
            // spec.timeout: stopped after 45 s of a 10-minute run, completed Failed with reason TimedOut.
            Kubectl.Result timedOut = kubectl.run("wait", "run/hello-world-timeout",
                    "--for=jsonpath={.status.conditions[?(@.type==\"Completed\")].reason}=TimedOut", "--timeout=150s");
            assertThat(timedOut.exitCode()).as(timedOut.all()).isZero();
            Kubectl.Result badRetry = kubectl.runWithInput("""
                    apiVersion: pipelines.kubeflow.org/v1beta1
                    kind: Run
                    metadata: {name: bad-retry}
                    spec:
                      provider: kfp-operator/kfp
                      pipeline: hello-world
                      retry: {attempts: 0}
                      timeout: -5m
                    """, "apply", "-f", "-");
            assertThat(badRetry.exitCode()).isNotZero();
            assertThat(badRetry.err()).contains("The Run \"bad-retry\" is invalid").contains("spec.retry.attempts").contains("spec.timeout");

            String noProvider = """
                    apiVersion: pipelines.kubeflow.org/v1beta1
                    kind: Experiment
                    metadata:
                      name: no-provider
                    spec:
                      descripton: typo
                    """;
            // Strict field validation (kubectl's default) refuses the unknown field before anything else.
            Kubectl.Result invalid = kubectl.runWithInput(noProvider, "apply", "-f", "-");
            assertThat(invalid.exitCode()).isNotZero();
            assertThat(invalid.err()).contains("strict decoding error: unknown field \"spec.descripton\"");
            // Without it the field is pruned, and the schema refuses what is missing.
            Kubectl.Result pruned = kubectl.runWithInput(noProvider, "apply", "--validate=false", "-f", "-");
            assertThat(pruned.exitCode()).isNotZero();
            assertThat(pruned.err()).contains("The Experiment \"no-provider\" is invalid").contains("spec.provider: Required value");
            assertThat(sandbox.isAlive()).isTrue();

            Kubectl.Result delete = kubectl.run("delete", "-f", "examples/", "--timeout=90s");
            assertThat(delete.exitCode()).as(delete.all()).isZero();
            Kubectl.Result left = kubectl.run("get", "pipelines,experiments,runconfigurations,runschedules,runs,providers", "-A");
            assertThat(left.exitCode()).as(left.all()).isZero();
            assertThat(left.all()).contains("No resources found");
            // The provider service logs each platform call it served: the platform objects are gone too.
            assertThat(sandbox.stderr()).contains("deleted pipeline pipeline-").contains("deleted experiment experiment-");
        }
    }

    @Test
    void runsCompleteTriggerTheirDependentsAndPublishCloudEventsToNats() throws Exception {
        try (SandboxProcess sandbox = SandboxProcess.start(temp.resolve("kubeconfig"), "--run-duration", "3s", "--nats", "auto")) {
            Matcher nats = Pattern.compile("NATS JetStream (nats://\\S+) subject events").matcher(sandbox.stdout());
            assertThat(nats.find()).as("nats-server is on the PATH (.ci/run installs it); banner:\n" + sandbox.stdout()).isTrue();
            Kubectl kubectl = new Kubectl(sandbox.kubeconfig(), Files.createDirectories(temp.resolve("home")));

            Kubectl.Result completed = kubectl.run("wait", "run/hello-world-once", "--for=jsonpath={.status.completionState}=Succeeded",
                    "--timeout=90s");
            assertThat(completed.exitCode()).as(completed.all()).isZero();
            Kubectl.Result followUp = kubectl.run("wait", "runconfiguration/hello-world-follow-up", SYNCHRONIZED, "--timeout=90s");
            assertThat(followUp.exitCode()).as(followUp.all()).isZero();

            try (Connection connection = Nats.connect(nats.group(1))) {
                // An ordered consumer replays the stream from its start: the event was published before we connected.
                JetStreamSubscription events = connection.jetStream().subscribe("events", PushSubscribeOptions.builder().ordered(true).build());
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Message message = events.nextMessage(Duration.ofSeconds(1));
                    return message != null && new String(message.getData(), StandardCharsets.UTF_8).contains("hello-world-once");
                });
            }
            assertThat(sandbox.stderr()).contains("run completion event");
        }
    }

    /** Ctrl-C (SIGTERM) stops the sandbox, nats-server with it, and nothing is left in java.io.tmpdir. */
    @Test
    void stoppingWithCtrlCLeavesNoTemporaryFilesBehind() throws Exception {
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        try (SandboxProcess sandbox = SandboxProcess.start(List.of("-Djava.io.tmpdir=" + tmp), temp.resolve("kubeconfig"),
                "--run-duration", "2s", "--nats", "auto")) {
            assertThat(sandbox.stdout()).contains("temporary files       " + tmp.resolve("kfp-operator-sandbox-"));
            Kubectl kubectl = new Kubectl(sandbox.kubeconfig(), Files.createDirectories(temp.resolve("home")));
            Kubectl.Result completed = kubectl.run("wait", "run/hello-world-once", "--for=jsonpath={.status.completionState}=Succeeded",
                    "--timeout=90s");
            assertThat(completed.exitCode()).as(completed.all()).isZero();
            assertThat(listing(tmp)).as("the running sandbox's temporary files").isNotEmpty();
        }
        assertThat(listing(tmp)).as("left in java.io.tmpdir after Ctrl-C").isEmpty();
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aRestartWithStateDirKeepsWhatTheUserApplied() throws IOException, InterruptedException {
        Path state = temp.resolve("state");
        Path home = Files.createDirectories(temp.resolve("home"));
        try (SandboxProcess first = SandboxProcess.start(temp.resolve("kubeconfig"), "--run-duration", "3s", "--nats", "off", "--state-dir", state.toString())) {
            Kubectl kubectl = new Kubectl(first.kubeconfig(), home);
            assertThat(kubectl.run("wait", "pipeline/hello-world", SYNCHRONIZED, "--timeout=90s").exitCode()).isZero();
            assertThat(kubectl.runWithInput("""
                    apiVersion: pipelines.kubeflow.org/v1beta1
                    kind: Experiment
                    metadata:
                      name: kept
                    spec:
                      provider: kfp-operator/kfp
                    """, "apply", "-f", "-").exitCode()).isZero();
        }
        assertThat(state.resolve("resources.json")).exists();

        try (SandboxProcess second = SandboxProcess.start(temp.resolve("kubeconfig"), "--run-duration", "3s", "--nats", "off", "--no-examples",
                "--state-dir", state.toString())) {
            Kubectl kubectl = new Kubectl(second.kubeconfig(), home);
            Kubectl.Result wait = kubectl.run("wait", "experiment/kept", "pipeline/hello-world", SYNCHRONIZED, "--timeout=90s");
            assertThat(wait.exitCode()).as(wait.all()).isZero();
        }
    }
}
