package io.kfpoperator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.apiserver.testing.Kubectl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped sandbox leaves no temporary files behind: it runs in a JVM of its own whose
 * {@code java.io.tmpdir} is a fresh directory, which must be empty again once it stopped, whether
 * it was closed or stopped by SIGTERM (Ctrl-C) through its shutdown hook.
 */
class TemporaryFilesIT {

    @TempDir
    Path temp;

    @Test
    void closeRemovesEverythingTheSandboxCreated() throws Exception {
        assertNothingLeftBehind("close", process -> {
            process.getOutputStream().write("stop\n".getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        });
    }

    @Test
    void sigtermRemovesEverythingTheSandboxCreated() throws Exception {
        assertNothingLeftBehind("wait", Process::destroy);
    }

    private interface Stop {
        void stop(Process process) throws IOException;
    }

    private void assertNothingLeftBehind(String mode, Stop stop) throws Exception {
        Path tmp = Files.createDirectories(temp.resolve("tmp"));
        Path kubeconfig = temp.resolve("kubeconfig");
        Path log = temp.resolve("sandbox.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), SandboxChild.class.getName(), mode,
                kubeconfig.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<ProcessHandle> children = List.of();
        List<String> survivors;
        try {
            awaitReady(process, log);
            Kubectl kubectl = new Kubectl(kubeconfig, Files.createDirectories(temp.resolve("home")));
            // A run completes, so the watermark is written and (with nats-server) the event is in the JetStream store.
            Kubectl.Result completed = kubectl.run("wait", "run/hello-world-once", "--for=jsonpath={.status.completionState}=Succeeded",
                    "--timeout=60s");
            assertThat(completed.exitCode()).as(completed.all()).isZero();
            assertThat(listing(tmp)).as("what the running sandbox has in java.io.tmpdir").isNotEmpty();
            children = process.descendants().toList();
            if (NatsServer.find().isPresent()) {
                // .ci/run installs nats-server, so CI covers its JetStream store too.
                assertThat(children).as("the sandbox's child processes")
                        .anyMatch(child -> child.info().command().orElse("").endsWith("nats-server"));
            }

            stop.stop(process);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the sandbox stops").isTrue();
            survivors = children.stream().filter(ProcessHandle::isAlive).map(child -> child.info().commandLine().orElse("?")).toList();
        } finally {
            process.destroyForcibly();
            // Whatever the outcome, no nats-server outlives the test.
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
        assertThat(listing(tmp)).as("left in java.io.tmpdir after the sandbox stopped; its output:\n" + Files.readString(log)).isEmpty();
        assertThat(survivors).as("processes the sandbox started (nats-server) still running after it stopped").isEmpty();
    }

    private static void awaitReady(Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!Files.readString(log).contains(Sandbox.READY_LINE)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("the sandbox did not start; its output:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
