package io.kfpoperator.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A component in a JVM of its own on this JVM's classpath, as it runs in its pod: started with
 * its output appended to one log over all its lives, ready when its {@code /readyz} answers 200,
 * and killed with SIGKILL (no shutdown hook runs, nothing in flight is finished) or frozen with
 * SIGSTOP. The scenarios kill these to inject a crash where it really happens.
 */
final class ChildJvm {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String what;
    private final List<String> command;
    private final Path log;
    private final URI readiness;
    private Process process;
    private int lives;

    /**
     * @param what      how errors name it ("the controller process")
     * @param logback   logback configuration of the child (WARN and up, see {@link #warnLogback})
     * @param mainClass the child's entry point, on this classpath
     * @param readiness the URL that answers 200 once it serves
     */
    ChildJvm(String what, Path log, Path logback, Class<?> mainClass, List<String> args, URI readiness) {
        this.what = what;
        this.log = log;
        this.readiness = readiness;
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=" + logback, mainClass.getName()));
        c.addAll(args);
        this.command = List.copyOf(c);
    }

    /** A logback configuration at WARN and up, one line per event and its stack trace after it: what the scenarios count. */
    static Path warnLogback(Path work) throws IOException {
        Path logback = work.resolve("child-logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n%ex</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        return logback;
    }

    /** Starts a new life and waits (up to 2 minutes) until it is ready. */
    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        lives++;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " was not ready within 2 minutes; see " + log);
            }
            Thread.sleep(50);
        }
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL (Process.destroyForcibly on Unix): no shutdown hook, no lease release, in-flight work lost. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Sends a signal by name ("STOP", "CONT"). */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int lives() {
        return lives;
    }

    Path log() {
        return log;
    }

    /** Log lines at ERROR and uncaught exceptions ("Exception in thread"), over every life; at most {@code limit}. */
    List<String> unhandledLines(long limit) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.matches("^\\S+ ERROR .*") || l.startsWith("Exception in thread")).limit(limit).toList();
        }
    }

    /** Stops it politely (SIGTERM), killing it when it has not exited within 30 s. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
