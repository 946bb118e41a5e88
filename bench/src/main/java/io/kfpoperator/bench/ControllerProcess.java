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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    private final ChildJvm jvm;
    private final int metricsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private double duplicatesThisLife;
    private double duplicatesEarlierLives;

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
        this.metricsPort = FaultsScenario.freePort();
        int healthPort = FaultsScenario.freePort();
        this.jvm = new ChildJvm("the controller process", work.resolve(identity == null ? "controller.log" : "controller-" + identity + ".log"),
                ChildJvm.warnLogback(work), Main.class, List.of(apiServer.toString(), providerService.toString(), Integer.toString(eventsPort),
                        Integer.toString(metricsPort), Integer.toString(healthPort), natsUrl, stream, identity == null ? "" : identity),
                URI.create("http://127.0.0.1:" + healthPort + "/readyz"));
    }

    /** SIGSTOP: every thread frozen mid-flight, as a long GC pause or a frozen VM freezes it; nothing notices. */
    void freeze() throws IOException, InterruptedException {
        jvm.signal("STOP");
    }

    /** SIGCONT: the frozen process goes on where it stopped. */
    void thaw() throws IOException, InterruptedException {
        jvm.signal("CONT");
    }

    boolean alive() {
        return jvm.alive();
    }

    /** The user agent of this replica's API requests (leader-elected replicas only). */
    static String userAgent(String identity) {
        return "kfp-operator/" + identity;
    }

    void start() throws IOException, InterruptedException {
        duplicatesEarlierLives += duplicatesThisLife;
        duplicatesThisLife = 0;
        jvm.start();
    }

    /** SIGKILL: no shutdown hook, no lease release, in-flight work lost. */
    void kill() throws InterruptedException {
        scrape();
        jvm.kill();
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
        return jvm.lives();
    }

    Path log() {
        return jvm.log();
    }

    /** Log lines at ERROR and uncaught exceptions ("Exception in thread"), over every life. */
    long unhandled() throws IOException {
        return jvm.unhandledLines(Long.MAX_VALUE).size();
    }

    List<String> unhandledLines() throws IOException {
        return jvm.unhandledLines(20);
    }

    @Override
    public void close() throws InterruptedException {
        if (jvm.alive()) {
            scrape();
        }
        jvm.stop();
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
