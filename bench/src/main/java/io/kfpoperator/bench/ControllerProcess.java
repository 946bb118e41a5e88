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
 * (JetStream sink; leader election off unless it is given an identity), so the {@code faults}
 * scenario can kill it with SIGKILL mid-reconcile and a test can freeze a leader. Every life appends to one log file; the controller's duplicate-event counter is
 * read from its /metrics while it lives, since a killed process cannot be asked afterwards.
 */
final class ControllerProcess implements AutoCloseable {

    private static final Pattern DUPLICATES = Pattern.compile(
            "^kfp_operator_events_received_total\\{[^}]*outcome=\"duplicate\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);

    /** The controller's provider call timeout: shorter than the scenario's hangs, so they run out. */
    static final Duration PROVIDER_CALL_TIMEOUT = Duration.ofSeconds(5);

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
        this(work, null, apiServer, providerService, eventsPort, natsUrl, stream);
    }

    /**
     * As above; with an {@code identity}, a replica under leader election (Lease
     * {@code default/kfp-operator-lock}, held 4 s, renewed within 3 s, retried every 0.5 s; the
     * process exits when it loses the lease, as in a pod), whose API requests carry the user agent
     * {@code kfp-operator/<identity>}.
     */
    ControllerProcess(Path work, String identity, URI apiServer, URI providerService, int eventsPort, String natsUrl, String stream)
            throws IOException {
        this.log = work.resolve(identity == null ? "controller.log" : "controller-" + identity + ".log");
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
                Integer.toString(metricsPort), Integer.toString(healthPort), natsUrl, stream, identity == null ? "" : identity);
    }

    /** SIGSTOP: every thread frozen mid-flight, as a long GC pause or a frozen VM freezes it; nothing notices. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the frozen process goes on where it stopped. */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** The user agent of this replica's API requests (leader-elected replicas only). */
    static String userAgent(String identity) {
        return "kfp-operator/" + identity;
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

    /**
     * The controller's own JVM: args are API server, provider service, events port, metrics port,
     * health port, NATS URL, stream, identity (empty: leader election off).
     */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) throws Exception {
            String identity = args.length > 7 ? args[7] : "";
            Map<String, String> overrides = new java.util.HashMap<>(Map.of(
                    "system.leaderElection.enabled", Boolean.toString(!identity.isEmpty()),
                    "spec.runCompletionFeed.port", args[2],
                    "spec.compilation.containers", "simulated",
                    "spec.monitoring.metricsPort", args[3],
                    "spec.monitoring.healthPort", args[4],
                    "spec.providerCallTimeout", PROVIDER_CALL_TIMEOUT.toSeconds() + "s",
                    "spec.events.sinks", "[{type: nats, url: \"" + args[5] + "\", stream: " + args[6] + ", subject: " + args[6] + "}]"));
            ConfigBuilder clientConfig = new ConfigBuilder().withMasterUrl(args[0]).withNamespace("default");
            if (!identity.isEmpty()) {
                overrides.putAll(Map.of("system.leaderElection.namespace", "default", "system.leaderElection.identity", identity,
                        "system.leaderElection.leaseDuration", "4s", "system.leaderElection.renewDeadline", "3s",
                        "system.leaderElection.retryPeriod", "500ms"));
                clientConfig.withUserAgent(userAgent(identity));
            }
            OperatorConfig config = ConfigLoader.load(null, overrides);
            KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig.build()).build();
            KfpOperatorController.start(client, config, ProviderEndpoints.fixed(URI.create(args[1])), Clock.systemUTC());
            Thread.currentThread().join();
        }
    }
}
