package io.kfpoperator.controller.events;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} with JetStream on a free port, storing in a temporary directory that
 * survives {@link #stop()}/{@link #start()}, so a restart keeps the stream as a real outage would.
 */
public final class NatsServer implements AutoCloseable {

    private int port;
    private final Path storage;
    private final boolean jetStream;
    private Process process;

    private NatsServer(int port, Path storage, boolean jetStream) {
        this.port = port;
        this.storage = storage;
        this.jetStream = jetStream;
    }

    /** A server with JetStream, as the operator's default sink needs. */
    public static NatsServer started() {
        return started(true);
    }

    /** A plain core-NATS server (no {@code -js}), as many Argo Events event buses run. */
    public static NatsServer startedWithoutJetStream() {
        return started(false);
    }

    private static NatsServer started(boolean jetStream) {
        try {
            NatsServer server = new NatsServer(freePort(), Files.createTempDirectory("nats-js"), jetStream);
            // Another test JVM may take the free port before nats-server binds it: try another one.
            for (int attempt = 1; ; attempt++) {
                try {
                    server.start();
                    return server;
                } catch (IllegalStateException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                    server.stop();
                    server.port = freePort();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts (again) on the same port with the same storage. */
    public void start() {
        try {
            List<String> command = new ArrayList<>(List.of("nats-server", "-a", "127.0.0.1", "-p", String.valueOf(port)));
            if (jetStream) {
                command.addAll(List.of("-js", "-sd", storage.toString()));
            }
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(storage.resolve("server.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start nats-server (apt-get install -y nats-server): " + e.getMessage(), e);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(this::accepting);
    }

    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private boolean accepting() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("nats-server exited; see " + storage.resolve("server.log"));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
