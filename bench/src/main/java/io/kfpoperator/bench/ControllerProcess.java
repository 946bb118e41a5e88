package io.kfpoperator.bench;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kfpoperator.controller.KfpOperatorController;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderEndpoints;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controller in a JVM of its own, as `kfp-operator controller --provider-endpoint` runs it
 * (leader election off, JetStream sink), so the {@code faults} scenario can kill it with SIGKILL
 * mid-reconcile. Every life appends to one log file; the controller's duplicate-event counter is
 * read from its /metrics while it lives, since a killed process cannot be asked afterwards.
 */
final class ControllerProcess implements AutoCloseable {

    private static final Pattern DUPLICATES = Pattern.compile(
            "^kfp_operator_events_received_total\\{[^}]*outcome=\"duplicate\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);

    private final List<String> command;
    private final Path log;
    private final int metricsPort;
    private final int healthPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private double duplicatesThisLife;
    private double duplicatesEarlierLives;
    private int lives;

    ControllerProcess(Path work, URI apiServer, URI providerService, int eventsPort, String natsUrl, String stream) throws IOException {
        this.log = work.resolve("controller.log");
        this.metricsPort = FaultsScenario.freePort();
        this.healthPort = FaultsScenario.freePort();
        Path logback = work.resolve("controller-logback.xml");
        // WARN and up, one line per event and its stack trace after it: what the scenario counts.
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n%ex</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=" + logback,
                Main.class.getName(), apiServer.toString(), providerService.toString(), Integer.toString(eventsPort),
                Integer.toString(metricsPort), Integer.toString(healthPort), natsUrl, stream);
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        lives++;
        duplicatesEarlierLives += duplicatesThisLife;
        duplicatesThisLife = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the controller process exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the controller process was not ready within 2 minutes; see " + log);
            }
            Thread.sleep(50);
        }
    }

    /** SIGKILL (Process.destroyForcibly on Unix): no shutdown hook, no lease release, in-flight work lost. */
    void kill() throws InterruptedException {
        scrape();
        process.destroyForcibly();
        process.waitFor();
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/readyz")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads this life's duplicate-event count; call it often enough that a kill loses little. */
    void scrape() {
        try {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = DUPLICATES.matcher(metrics);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            duplicatesThisLife = Math.max(duplicatesThisLife, sum);
        } catch (IOException | RuntimeException e) {
            // Not up (yet) or just killed: the last figure stands.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Completion events the controller answered as already processed (deduplicated by event id), over every life. */
    long duplicatesAnswered() {
        return Math.round(duplicatesEarlierLives + duplicatesThisLife);
    }

    int lives() {
        return lives;
    }

    Path log() {
        return log;
    }

    /** Log lines at ERROR and uncaught exceptions ("Exception in thread"), over every life. */
    long unhandled() throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.matches("^\\S+ ERROR .*") || l.startsWith("Exception in thread")).count();
        }
    }

    List<String> unhandledLines() throws IOException {
        List<String> found = new ArrayList<>();
        if (Files.exists(log)) {
            try (var lines = Files.lines(log)) {
                lines.filter(l -> l.matches("^\\S+ ERROR .*") || l.startsWith("Exception in thread")).limit(20).forEach(found::add);
            }
        }
        return found;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            scrape();
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /** The controller's own JVM: args are API server, provider service, events port, metrics port, health port, NATS URL, stream. */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) throws Exception {
            OperatorConfig config = ConfigLoader.load(null, Map.of(
                    "system.leaderElection.enabled", "false",
                    "spec.runCompletionFeed.port", args[2],
                    "spec.compilation.containers", "simulated",
                    "spec.monitoring.metricsPort", args[3],
                    "spec.monitoring.healthPort", args[4],
                    "spec.events.sinks", "[{type: nats, url: \"" + args[5] + "\", stream: " + args[6] + ", subject: " + args[6] + "}]"));
            KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(args[0]).withNamespace("default")
                    .build()).build();
            KfpOperatorController.start(client, config, ProviderEndpoints.fixed(URI.create(args[1])), Clock.systemUTC());
            Thread.currentThread().join();
        }
    }
}
