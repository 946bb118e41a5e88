package io.kfpoperator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.apiserver.testing.Kubectl;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --run-ttl: completed Runs, the user's and the ones the controller starts, go away after the TTL, so a long tour stays tidy. */
class RunCompletionTtlIT {

    @TempDir
    Path temp;

    @Test
    void completedRunsAreDeletedAfterTheTtl() throws IOException {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        SandboxOptions options = SandboxOptions.defaults().withApiPort(0).withKubeconfig(temp.resolve("kubeconfig"))
                .withRunDuration(Duration.ofSeconds(2)).withNats("off").withRunTtl(Duration.ofSeconds(8));
        try (Sandbox sandbox = Sandbox.start(options, new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            assertThat(banner.toString(StandardCharsets.UTF_8)).contains("completed Runs        deleted 8s after they complete (--run-ttl)");
            Kubectl kubectl = new Kubectl(sandbox.kubeconfig(), Files.createDirectories(temp.resolve("home")));

            // A Run the controller starts (hello-world-hourly's onChange run at start) goes the same way.
            AtomicReference<String> owned = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                sandbox.client().resources(Run.class).inNamespace("default")
                        .withLabels(Map.of("pipelines.kubeflow.org/runconfiguration.name", "hello-world-hourly")).list().getItems().stream()
                        .findFirst().ifPresent(run -> owned.set(run.getMetadata().getName()));
                return owned.get() != null;
            });

            Kubectl.Result completed = kubectl.run("wait", "run/hello-world-once", "--for=jsonpath={.status.completionState}=Succeeded",
                    "--timeout=60s");
            assertThat(completed.exitCode()).as(completed.all()).isZero();
            Kubectl.Result deleted = kubectl.run("wait", "run/hello-world-once", "--for=delete", "--timeout=60s");
            assertThat(deleted.exitCode()).as(deleted.all()).isZero();
            assertThat(kubectl.run("get", "run", "hello-world-once").err()).contains("NotFound");

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    sandbox.client().resources(Run.class).inNamespace("default").withName(owned.get()).get() == null);
        }
    }

    @Test
    void offKeepsCompletedRuns() {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        SandboxOptions options = SandboxOptions.defaults().withApiPort(0).withKubeconfig(temp.resolve("kubeconfig"))
                .withNats("off").withExamples(false).withRunTtl(null);
        try (Sandbox sandbox = Sandbox.start(options, new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            assertThat(banner.toString(StandardCharsets.UTF_8)).contains("completed Runs        kept (--run-ttl off)");
        }
    }
}
