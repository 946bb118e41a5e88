package io.kfpoperator.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kfpoperator.apiserver.admission.WebhookCertificate;
import io.kfpoperator.controller.config.ConfigLoader;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.ProviderService;
import io.kfpoperator.providerservice.ProviderServiceConfig;
import io.kfpoperator.providerservice.events.Backoff;
import io.kfpoperator.providerservice.http.ServerSettings;
import io.kfpoperator.sandbox.apiserver.EmbeddedApiServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM for a laptop: an embedded Kubernetes API server that the real kubectl
 * talks to, our CRDs, a provider service on the simulated platform, and the controller. Every
 * Provider resource, whatever its serviceImage, is served by that one provider service. No
 * containers run: static pipelines use their compiled definition, container frameworks are
 * compiled by the simulated compiler.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    /** The provider name on completion events: the examples' Provider. */
    static final String PROVIDER_NAME = "kfp-operator/kfp";
    static final String HOST = "127.0.0.1";
    public static final String READY_LINE = "sandbox ready";
    private static final Duration SAVE_INTERVAL = Duration.ofSeconds(2);
    private static final Duration TEMPORARY_FILES_TIMEOUT = Duration.ofSeconds(5);

    private final SandboxOptions options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private EmbeddedApiServer apiServer;
    private ProviderService providerService;
    private SimulatedPlatform platform;
    private Path kubeconfig;
    /** Files that live as long as the sandbox runs; removed on stop. */
    private ScratchDir scratch;
    /** Where the example pipeline's definition is copied when needed: the state dir, else the scratch dir. */
    private Path examplesDir;
    private List<Path> apiServerTemporaryFiles = List.of();
    private StateStore state;
    private ScheduledExecutorService saver;
    private InProcessController controller;
    private List<String> examples = List.of();
    private String natsUrl;
    /** Stops the sandbox when the JVM does (Ctrl-C, SIGTERM); removed by {@link #close()}. */
    private final Thread shutdownHook = new Thread(this::close, "sandbox-shutdown");
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean stopped;

    private Sandbox(SandboxOptions options) {
        this.options = options;
    }

    /**
     * Starts everything and prints the banner to {@code out}, ending with {@link #READY_LINE}. The
     * sandbox stops, removing its temporary files, on {@link #close()} or when the JVM stops.
     */
    public static Sandbox start(SandboxOptions options, PrintStream out) {
        Sandbox sandbox = new Sandbox(options);
        Runtime.getRuntime().addShutdownHook(sandbox.shutdownHook);
        try {
            sandbox.startAll();
        } catch (RuntimeException | Error e) {
            // An Error too (a broken class path): what has started, the API server's port included, must not outlive it.
            sandbox.close();
            throw e;
        }
        sandbox.printBanner(out);
        return sandbox;
    }

    // Synchronized with close(): a Ctrl-C while starting stops what has started once start-up is through.
    private synchronized void startAll() {
        Clock clock = Clock.systemUTC();
        scratch = ScratchDir.create();
        // Closed last (components are closed in reverse order), once nothing writes to it any more.
        started.add(scratch);
        examplesDir = scratch.path();
        if (options.stateDir() != null) {
            examplesDir = options.stateDir().toAbsolutePath();
            try {
                Files.createDirectories(examplesDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create --state-dir " + examplesDir + ": " + e.getMessage(), e);
            }
        }
        Set<Path> before = vertxCaches();
        apiServer = EmbeddedApiServer.start(HOST, options.apiPort(), clock);
        started.add(apiServer);
        apiServerTemporaryFiles = vertxCaches().stream().filter(p -> !before.contains(p)).toList();
        KubernetesClient client = apiServer.client();
        try {
            kubeconfig = Kubeconfig.write(options.kubeconfig(), apiServer.uri());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --kubeconfig " + options.kubeconfig() + ": " + e.getMessage(), e);
        }
        for (String namespace : List.of("default", "kfp-operator")) {
            if (client.namespaces().withName(namespace).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
            }
        }
        if (options.stateDir() != null) {
            state = new StateStore(options.stateDir().toAbsolutePath());
            int restored = state.restore(client);
            LOG.info("sandbox restored {} resources from {}", restored, state.file());
        }

        platform = new SimulatedPlatform(PROVIDER_NAME, SimulatedSettings.defaults().withRunDuration(options.runDuration())
                .withArtifacts(artifacts()), clock);
        natsUrl = startNats();
        int eventsPort = options.eventsPort() == 0 ? NatsServer.freePort() : options.eventsPort();
        int metricsPort = options.metricsPort() == 0 ? NatsServer.freePort() : options.metricsPort();
        int webhookPort = NatsServer.freePort();
        // The controller's webhook, as the chart's genSignedCert would give it: a certificate for where the API server calls it.
        WebhookCertificate certificate = WebhookCertificate.selfSigned(List.of(HOST, "localhost"), Duration.ofDays(365));
        Path certDir = certificate.writeTo(scratch.resolve("webhook-certs"));
        OperatorConfig config = ConfigLoader.load(writeControllerConfig(eventsPort, metricsPort, webhookPort, certDir), Map.of());
        // The provider service's completion loop retries until the endpoint answers, so it can
        // start first and the controller can be given its address.
        startProviderService(URI.create("http://" + HOST + ":" + eventsPort + "/events"));
        controller = InProcessController.start(client, config, providerService.localUri(), clock);
        started.add(controller);
        // From here on every write of our kinds is reviewed by the controller's webhook, as in a cluster.
        apiServer.registerWebhook(HOST, webhookPort, certificate.caBundle());

        if (options.examples()) {
            examples = Examples.apply(client, examplesDir);
        }
        if (state != null) {
            saver = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "sandbox-state-saver");
                thread.setDaemon(true);
                return thread;
            });
            saver.scheduleWithFixedDelay(() -> {
                try {
                    state.save(client);
                } catch (RuntimeException e) {
                    LOG.warn("sandbox could not save its state: {}", e.getMessage());
                }
            }, 0, SAVE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void startProviderService(URI events) {
        ProviderServiceConfig config = new ProviderServiceConfig("simulated", PROVIDER_NAME, null,
                new ServerSettings(HOST, 0, ServerSettings.DEFAULT_MAX_BODY_BYTES, 16),
                new ProviderServiceConfig.Events(events, null, null, Duration.ofSeconds(1),
                        new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10)), Duration.ofSeconds(10)),
                new ProviderServiceConfig.WatermarkLocation(scratch.resolve("watermark.json"), null, null),
                Map.of());
        providerService = ProviderService.start(config, platform, apiServer.client());
        started.add(providerService);
    }

    /** {@code --nats}: the URL events are published to, or null when they are only logged. */
    private String startNats() {
        if (options.nats().equals("off")) {
            return null;
        }
        if (!options.nats().equals("auto")) {
            return options.nats();
        }
        Optional<Path> executable = NatsServer.find();
        if (executable.isEmpty()) {
            LOG.info("sandbox: nats-server is not on the PATH; run completion events are only logged");
            return null;
        }
        NatsServer nats = NatsServer.start(executable.get(), scratch.resolve("nats"));
        started.add(nats);
        return nats.url();
    }

    /**
     * The controller's configuration in the format of the Helm chart's ConfigMap (read by the
     * same loader), kept in the scratch directory (printed in the banner) so users can see what the
     * sandbox runs with.
     */
    private Path writeControllerConfig(int eventsPort, int metricsPort, int webhookPort, Path certDir) {
        StringBuilder yaml = new StringBuilder()
                .append("# Written by kfp-operator sandbox: the controller configuration it runs with.\n")
                .append("system:\n  leaderElection:\n    enabled: false\n")
                .append("spec:\n  runCompletionFeed:\n    port: ").append(eventsPort).append('\n')
                .append(options.runTtl() != null
                        ? "  # --run-ttl: completed Runs are deleted this long after they complete.\n  runCompletionTTL: "
                                + SandboxOptions.format(options.runTtl()) + "\n"
                        : "  # --run-ttl off: completed Runs are kept.\n")
                // One port for /metrics, /livez and /readyz.
                .append("  monitoring:\n    metricsPort: ").append(metricsPort).append("\n    healthPort: ").append(metricsPort).append('\n')
                .append("  # The sandbox runs no pods: container frameworks (tfx, kfpsdk, ...) get the simulated compiler.\n")
                .append("  compilation:\n    containers: simulated\n")
                .append("  # The validating admission webhook the API server calls (certificate made at start).\n")
                .append("  webhook:\n    enabled: true\n    port: ").append(webhookPort).append("\n    certDir: ").append(certDir).append('\n')
                .append("  events:\n    sinks:\n      - type: log\n");
        if (natsUrl != null) {
            yaml.append("      - type: nats\n        url: ").append(natsUrl).append('\n');
        }
        Path file = scratch.resolve("controller.yaml");
        try {
            Files.writeString(file, yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The examples' artifact paths ({@code echo:output}) plus the simulated platform's model artifact. */
    private static List<PipelineComponent> artifacts() {
        List<PipelineComponent> components = new ArrayList<>(SimulatedSettings.defaultArtifacts());
        components.add(new PipelineComponent("echo", List.of(new ComponentArtifact("output", List.of(
                new ArtifactInstance("simulated://runs/{runId}/echo/output", Map.<String, JsonNode>of()))))));
        return components;
    }

    private void printBanner(PrintStream out) {
        out.println("kfp-operator sandbox — a sandbox for trying the operator, NOT a production Kubernetes API server");
        out.println("  (no authentication or authorization, nothing runs pods; docs/sandbox.md lists the rest; all state is in memory"
                + (state != null ? " and saved to " + state.file() : "") + ")");
        out.println();
        out.println("  Kubernetes API        " + apiServer.uri() + "   (kubectl " + "1.32 compatible)");
        out.println("  kubeconfig            " + kubeconfig);
        out.println("  temporary files       " + scratch.path() + "   (controller.yaml, NATS store, ...; removed on stop)");
        out.println("  controller            metrics " + controller.operationsUri().map(u -> u + "/metrics, health " + u + "/readyz").orElse("-"));
        out.println("  run-completion events " + controller.eventsUri());
        out.println("  provider service      " + providerService.localUri() + "   (simulated platform, runs take "
                + options.runDuration().toMillis() / 1000.0 + "s)");
        out.println("  completed Runs        " + (options.runTtl() != null
                ? "deleted " + SandboxOptions.format(options.runTtl()) + " after they complete (--run-ttl)" : "kept (--run-ttl off)"));
        out.println("  event sinks           log" + (natsUrl != null ? ", NATS JetStream " + natsUrl + " subject events"
                + "   (nats --server " + natsUrl + " sub events)" : " (no NATS: --nats auto needs nats-server on the PATH)"));
        out.println("  every Provider is served by the in-process provider service; no containers run, so pipelines of"
                + " container frameworks (tfx, kfpsdk, ...) are compiled by the simulated compiler");
        if (!examples.isEmpty()) {
            out.println();
            out.println("  examples applied (schedules changed to every minute):");
            examples.forEach(e -> out.println("    " + e));
        }
        out.println();
        out.println("Use it:");
        out.println("  export KUBECONFIG=" + kubeconfig);
        out.println("  kubectl get pipelines,experiments,runconfigurations,runschedules,runs -A");
        out.println("  kubectl get runs -w");
        out.println("  kubectl wait pipeline/hello-world --for=jsonpath='{.status.conditions[?(@.type==\"Synchronized\")].reason}'=Succeeded");
        out.println("  kubectl wait run/hello-world-once --for=jsonpath='{.status.completionState}'=Succeeded --timeout=2m");
        out.println("  kubectl describe runconfiguration hello-world-hourly");
        out.println();
        out.println(READY_LINE);
        out.flush();
    }

    public URI apiUri() {
        return apiServer.uri();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** The controller's {@code /metrics} (its metrics port), for a Prometheus to scrape. */
    public Optional<URI> controllerMetricsUri() {
        return controller.operationsUri().map(u -> u.resolve("/metrics"));
    }

    /** The provider service's {@code /metrics}. */
    public URI providerServiceMetricsUri() {
        return providerService.localUri().resolve("/metrics");
    }

    public SimulatedPlatform platform() {
        return platform;
    }

    public KubernetesClient client() {
        return apiServer.client();
    }

    /** The errors the embedded API server injects (none until a rule is added). */
    public io.kfpoperator.apiserver.faults.ApiFaults apiFaults() {
        return apiServer.server().faults();
    }

    /** Blocks until the sandbox has stopped (by {@link #close()} or the JVM's shutdown). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops everything, saving the state first (with --state-dir), and removes the temporary
     * files; the kubeconfig and the state dir stay. Called again, or by the shutdown hook after,
     * it does nothing.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is stopping; the hook is running or about to, and will find the sandbox stopped.
            }
        }
        if (saver != null) {
            saver.shutdownNow();
        }
        if (state != null && apiServer != null) {
            try {
                state.save(apiServer.client());
            } catch (RuntimeException e) {
                LOG.warn("sandbox could not save its state on stop: {}", e.getMessage());
            }
        }
        List<AutoCloseable> reverse = new ArrayList<>(started);
        java.util.Collections.reverse(reverse);
        for (AutoCloseable component : reverse) {
            try {
                component.close();
            } catch (Exception e) {
                LOG.warn("sandbox component did not stop cleanly: {}", e.toString());
            }
        }
        started.clear();
        awaitRemoved(apiServerTemporaryFiles);
        closed.countDown();
    }

    /**
     * The embedded API server's Vert.x keeps a file cache in java.io.tmpdir, which it removes
     * itself a moment after it has closed (or in its own shutdown hook). Those that appeared while
     * it started are its own; they are waited for, not deleted, lest another JVM's be taken.
     */
    private static Set<Path> vertxCaches() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("vertx-cache")).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static void awaitRemoved(List<Path> files) {
        Instant deadline = Instant.now().plus(TEMPORARY_FILES_TIMEOUT);
        while (files.stream().anyMatch(Files::exists) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        files.stream().filter(Files::exists).forEach(f -> LOG.warn("sandbox: {} is still there after the API server stopped", f));
    }
}
