package io.kfpoperator.sandbox;

import io.kfpoperator.apiserver.testing.Kubectl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --state-dir: what a user applied is there again after a restart, and the controller syncs it onto the fresh platform. */
class StateDirIT {

    private static final String SUCCEEDED = "--for=jsonpath={.status.conditions[?(@.type==\"Synchronized\")].reason}=Succeeded";

    @TempDir
    Path temp;

    @Test
    void resourcesSurviveARestart() throws IOException {
        Path home = Files.createDirectories(temp.resolve("home"));
        SandboxOptions options = SandboxOptions.defaults().withApiPort(0).withKubeconfig(temp.resolve("kubeconfig"))
                .withRunDuration(Duration.ofSeconds(2)).withNats("off").withExamples(false).withStateDir(temp.resolve("state"));

        try (Sandbox first = Sandbox.start(options, quiet())) {
            Kubectl kubectl = new Kubectl(first.kubeconfig(), home);
            assertThat(kubectl.run("create", "namespace", "team-a").exitCode()).isZero();
            Kubectl.Result apply = kubectl.run("apply", "-f", "examples/00-provider.yaml", "-f", "examples/pipeline.yaml");
            assertThat(apply.exitCode()).as(apply.all()).isZero();
            assertThat(kubectl.run("wait", "pipeline/hello-world", SUCCEEDED, "--timeout=60s").exitCode()).isZero();
        }

        try (Sandbox second = Sandbox.start(options, quiet())) {
            Kubectl kubectl = new Kubectl(second.kubeconfig(), home);
            assertThat(kubectl.run("get", "namespace", "team-a").exitCode()).isZero();
            assertThat(kubectl.run("get", "provider", "kfp", "-n", "kfp-operator").exitCode()).isZero();
            Kubectl.Result wait = kubectl.run("wait", "pipeline/hello-world", SUCCEEDED, "--timeout=60s");
            assertThat(wait.exitCode()).as(wait.all()).isZero();
            assertThat(second.platform().pipelines()).anySatisfy(p -> assertThat(p.name()).contains("hello-world"));
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
