package io.kfpoperator.apiserver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl binary, run as a user would, against a kubeconfig; every call has a deadline. */
public final class Kubectl {

    /** $KUBECTL, else the first kubectl on the PATH (.ci/run installs 1.32 when there is none). */
    public static final Path BINARY = locate();
    private static final long TIMEOUT_SECONDS = 90;

    private final Path kubeconfig;
    private final Path home;

    private static Path locate() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of("/usr/bin/kubectl");
    }

    public Kubectl(Path kubeconfig, Path home) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("kubectl 1.32 is needed (on the PATH or in $KUBECTL); none at " + BINARY + "; .ci/run installs it");
        }
        this.kubeconfig = kubeconfig;
        this.home = home;
    }

    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    public Result run(String... args) {
        return runWithInput(null, args);
    }

    public Result runWithInput(String stdin, String... args) {
        return finish(start(args), stdin, "kubectl " + String.join(" ", args));
    }

    private static Result finish(Process process, String stdin, String what) {
        try {
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(what + " did not finish in " + TIMEOUT_SECONDS + "s");
            }
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Runs a command line as a user pastes it from the docs (bash, this kubectl first on the
     * PATH, this kubeconfig), so quoting in the docs is checked as written.
     */
    public Result shell(String commandLine) {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", commandLine);
        environment(builder);
        builder.environment().put("PATH", BINARY.toAbsolutePath().getParent() + java.io.File.pathSeparator
                + System.getenv().getOrDefault("PATH", ""));
        try {
            return finish(builder.start(), null, commandLine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void environment(ProcessBuilder builder) {
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        // kubectl caches discovery under $HOME/.kube/cache; a private HOME keeps runs independent.
        builder.environment().put("HOME", home.toString());
    }

    /** Starts kubectl and returns at once (for `get -w`); the caller destroys the process. */
    public Process start(String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        environment(builder);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
