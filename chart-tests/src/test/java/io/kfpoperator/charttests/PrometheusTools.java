package io.kfpoperator.charttests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code prometheus} and {@code promtool} executables on the PATH (Debian package
 * {@code prometheus}, installed by {@code .ci/run} when missing). A missing one fails the tests with
 * what to install; they are never skipped.
 */
final class PrometheusTools {

    private static final long TIMEOUT_SECONDS = 120;

    private PrometheusTools() {
    }

    static Path executable(String name) {
        Optional<Path> found = onPath(name);
        assertThat(found).as("`%s` is needed by the monitoring tests: apt-get install -y prometheus (.ci/run installs it when missing)", name)
                .isPresent();
        return found.get();
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Paths.get(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The outcome of one promtool call: exit code and stdout and stderr together. */
    record Result(int exitCode, String output) {
    }

    /** Runs {@code promtool args…} in {@code dir}, with {@code stdin} (may be null) as its input. */
    static Result promtool(Path dir, String stdin, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable("promtool").toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("promtool", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile());
                Path in = null;
                if (stdin != null) {
                    in = Files.createTempFile("promtool-in", ".txt");
                    Files.writeString(in, stdin, StandardCharsets.UTF_8);
                    builder.redirectInput(in.toFile());
                }
                Process process = builder.start();
                boolean done = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                if (in != null) {
                    Files.deleteIfExists(in);
                }
                if (!done) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running promtool", e);
        }
    }
}
