package io.kfpoperator.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** `kfp-operator sandbox` as a separate process, started from the repository root like the README says. */
final class SandboxProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private final Process process;
    private final StringBuffer out = new StringBuffer();
    private final StringBuffer err = new StringBuffer();
    private final Path kubeconfig;

    private SandboxProcess(Process process, Path kubeconfig) {
        this.process = process;
        this.kubeconfig = kubeconfig;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("examples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (with examples/) not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static SandboxProcess start(Path kubeconfig, String... flags) throws InterruptedException {
        return start(List.of(), kubeconfig, flags);
    }

    /** With options for the JVM, such as {@code -Djava.io.tmpdir=DIR}, before {@code -jar}. */
    static SandboxProcess start(List<String> jvmOptions, Path kubeconfig, String... flags) throws InterruptedException {
        Path root = repositoryRoot();
        Path jar = root.resolve("cli/target/kfp-operator.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the cli module first (mvn -pl cli package)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "sandbox", "--api-port", String.valueOf(freePort()), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(flags));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(root.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SandboxProcess sandbox = new SandboxProcess(process, kubeconfig);
        CountDownLatch ready = new CountDownLatch(1);
        pump(process.getInputStream(), sandbox.out, ready);
        pump(process.getErrorStream(), sandbox.err, null);
        if (!ready.await(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            sandbox.close();
            throw new AssertionError("the sandbox did not print 'sandbox ready' within " + READY_TIMEOUT + "; stdout:\n" + sandbox.out
                    + "\nstderr:\n" + sandbox.err);
        }
        return sandbox;
    }

    private static void pump(java.io.InputStream stream, StringBuffer into, CountDownLatch ready) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.append(line).append('\n');
                    if (ready != null && line.equals("sandbox ready")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "sandbox-output");
        thread.setDaemon(true);
        thread.start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String stdout() {
        return out.toString();
    }

    /** The sandbox's log (JSON lines). */
    String stderr() {
        return err.toString();
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops it as Ctrl-C does (the shutdown hook saves state and stops the components). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
