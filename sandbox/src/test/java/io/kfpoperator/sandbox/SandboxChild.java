package io.kfpoperator.sandbox;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A sandbox in a JVM of its own, for {@link TemporaryFilesIT}: started with the examples and
 * NATS (when nats-server is on the PATH), then stopped when a line comes on standard input.
 * {@code close} mode calls {@link Sandbox#close()} and halts, so no shutdown hook runs;
 * {@code wait} mode leaves stopping to the sandbox's own shutdown hook (the test sends SIGTERM).
 */
public final class SandboxChild {

    private SandboxChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        SandboxOptions options = SandboxOptions.defaults().withApiPort(0).withKubeconfig(Path.of(args[1]))
                .withRunDuration(Duration.ofSeconds(1)).withNats("auto");
        Sandbox sandbox = Sandbox.start(options, System.out);
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (mode.equals("close")) {
            sandbox.close();
            System.out.println("closed");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
