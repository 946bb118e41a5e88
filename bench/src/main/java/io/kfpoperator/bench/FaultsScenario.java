package io.kfpoperator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.api.lifecycle.Conditions;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.OnChangeTrigger;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Run;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunConfigurationSpec;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.api.v1beta1.RunSpec;
import io.kfpoperator.api.v1beta1.Schedule;
import io.kfpoperator.api.v1beta1.Triggers;
import io.kfpoperator.apiserver.ApiServer;
import io.kfpoperator.apiserver.faults.ApiFaults;
import io.kfpoperator.provider.simulated.FaultPlan;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code faults}: N Pipelines, N RunConfigurations (each with a schedule; even ones run on a new
 * pipeline version, odd ones after the one before them succeeds) and N Runs converge while faults
 * are injected at every boundary: the controller (its own JVM) SIGKILLed three times at random
 * points, 30 % of provider calls failing with a 5xx, 10 % losing their answer after the
 * platform committed and 2 % hanging past the controller's provider call timeout (5 s) before the
 * platform carries them out, 5 % of the controller's API writes answered 409 or 500, every watch expired
 * once, NATS (a real nats-server) restarted once and the provider service restarted once. Then the
 * faults stop and it reports what correctness needs to be zero: duplicate platform objects per
 * kind, resources not converged, completion events lost, unhandled exceptions in the controller's
 * log; and how long convergence took after the faults stopped. Seeded: the same N gives the same
 * faults in the same order (the timing of the kills still varies with the machine).
 */
final class FaultsScenario implements Scenario {

    /**
     * What is injected: SIGKILLs of the controller, the platform's fault plan, the share of the
     * controller's API writes refused (half 409, half 500), and whether NATS, the provider service
     * and the watches are restarted or expired once.
     */
    /** How long a hanging provider call waits before the platform carries it out; the controller gives up after {@link ControllerProcess#PROVIDER_CALL_TIMEOUT}. */
    static final Duration HANG = Duration.ofSeconds(8);

    record Plan(int kills, FaultPlan platformFaults, double apiWriteErrorRate, boolean restartNats, int providerServiceRestarts,
            boolean expireWatches) {

        /**
         * The mix: 3 kills, 30 % provider 5xx, 10 % lost answers, 2 % hangs of 8 s (past the
         * controller's 5 s timeout: it retries while the first call is still to commit), 5 % API
         * 409/500, one of each restart.
         */
        static final Plan ALL = new Plan(3, FaultPlan.NONE.withUnavailable(0.3).withLost(0.1).withHang(0.02, HANG), 0.05, true, 1, true);

        /** The chaos actions in order, kills spread among the restarts. */
        List<String> chaos() {
            List<String> others = new ArrayList<>();
            if (restartNats) {
                others.add("nats");
            }
            for (int i = 0; i < providerServiceRestarts; i++) {
                others.add("provider-service");
            }
            if (expireWatches) {
                others.add("expire-watches");
            }
            List<String> actions = new ArrayList<>();
            for (int i = 0; i < kills; i++) {
                actions.add("kill");
                if (i < others.size()) {
                    actions.add(others.get(i));
                }
            }
            actions.addAll(others.subList(Math.min(kills, others.size()), others.size()));
            return actions;
        }
    }

    private final Plan plan;
    private final FaultsPlatform.Factory platforms;

    FaultsScenario() {
        this(Plan.ALL);
    }

    FaultsScenario(Plan plan) {
        this(plan, SimulatedFaultsPlatform.seeded(SEED));
    }

    FaultsScenario(Plan plan, FaultsPlatform.Factory platforms) {
        this.plan = plan;
        this.platforms = platforms;
    }

    static final long SEED = 19;
    private static final String PROVIDER = Workload.PROVIDER;
    private static final String NAMESPACE = "faults";
    private static final String STREAM = "bench-faults";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Yearly: every RunConfiguration has a RunSchedule on the platform, none fires during the run. */
    private static final String CRON = "0 0 1 1 *";

    @Override
    public String name() {
        return "faults";
    }

    @Override
    public List<Measurement> run(Path repository, int n) throws Exception {
        Path work = Files.createTempDirectory("bench-faults");
        Random random = new Random(SEED);
        NatsProcess nats = new NatsProcess(work.resolve("nats"));
        ApiServer api = ApiServer.start(ApiServer.Options.defaults());
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.uri().toString()).withNamespace("default").build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        int eventsPort = freePort();
        FaultsPlatform platform = platforms.create(repository, work, eventsPort);
        ControllerProcess controller = new ControllerProcess(work, api.uri(), platform.providerService(), eventsPort, nats.url(), STREAM);
        // The controller's log and NATS' storage stay for a look when a target was missed.
        boolean keepWork = true;
        try {
            installCrds(api, repository);
            nats.start();
            platform.start();
            controller.start();
            String pipelineUri = "file://" + repository.resolve("examples/pipelines/hello-world.yaml");
            new Workload(client, repository).provider();
            client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                    .endMetadata().build()).create();

            // Faults on, then the workload in waves, one before each chaos action, so every kill and
            // restart meets resources still converging.
            double apiRate = plan.apiWriteErrorRate() / 2;
            for (String verb : List.of("create", "update", "patch", "delete")) {
                if (apiRate > 0) {
                    api.faults().inject(ApiFaults.Rule.rate(apiRate, verb, "*", 409)).inject(ApiFaults.Rule.rate(apiRate, verb, "*", 500));
                }
            }
            platform.faults(plan.platformFaults());
            long faultsStarted = System.nanoTime();
            List<String> chaos = plan.chaos();
            int applied = 0;
            int pairs = (n + 1) / 2;
            for (int wave = 0; wave < chaos.size(); wave++) {
                // Waves end on a pair boundary, so a dependent RunConfiguration and the one it follows come together.
                int until = Math.min(n, 2 * (int) Math.ceil((double) pairs * (wave + 1) / chaos.size()));
                applyWave(client, pipelineUri, applied, until);
                applied = until;
                // A seeded random point after the wave.
                pause(controller, 200 + random.nextInt(2800));
                switch (chaos.get(wave)) {
                    case "kill" -> {
                        controller.kill();
                        controller.start();
                    }
                    case "nats" -> nats.restart();
                    case "provider-service" -> platform.restartProviderService();
                    case "expire-watches" -> api.expireWatches();
                    default -> throw new IllegalStateException(chaos.get(wave));
                }
            }
            api.faults().clear();
            platform.faults(FaultPlan.NONE);
            double faultSeconds = (System.nanoTime() - faultsStarted) / 1e9;
            Map<String, Long> injectedPlatform = platform.injectedFaults();
            long injectedApi = api.faults().injected();

            Progress atStop = progress(client, n);
            long stopped = System.nanoTime();
            Duration limit = Duration.ofMinutes(3).plusSeconds(n / 2);
            Progress done = atStop;
            while (!done.converged() && System.nanoTime() - stopped < limit.toNanos()) {
                pause(controller, 250);
                done = progress(client, n);
            }
            double convergeSeconds = (System.nanoTime() - stopped) / 1e9;

            Duplicates duplicates = duplicates(client, platform, n);
            Events events = awaitEvents(nats.url(), platform, controller, Duration.ofSeconds(60));
            long unhandled = controller.unhandled();
            if (unhandled > 0 || !done.converged() || events.lost() > 0) {
                System.err.println("faults scenario: controller log " + controller.log() + (unhandled > 0 ? "; unhandled: " + controller.unhandledLines() : "")
                        + (done.converged() ? "" : "; not converged: " + done.stuck()));
            } else {
                keepWork = false;
            }

            String s = "faults";
            List<Measurement> m = new ArrayList<>();
            m.add(Measurement.plain(s, "resources (Pipelines + RunConfigurations + Runs)", 3L * n, "count"));
            m.add(Measurement.plain(s, "controller SIGKILLs", controller.lives() - 1, "count"));
            m.add(Measurement.plain(s, "provider service restarts (" + platform.providerServiceRestart() + ")", plan.providerServiceRestarts(), "count"));
            m.add(Measurement.plain(s, "provider calls failed before commit (5xx)", injectedPlatform.getOrDefault("unavailable", 0L), "count"));
            m.add(Measurement.plain(s, "provider answers lost after commit", injectedPlatform.getOrDefault("lost", 0L), "count"));
            m.add(Measurement.plain(s, "provider calls hung past the controller's timeout", injectedPlatform.getOrDefault("hang", 0L), "count"));
            m.add(Measurement.plain(s, "API requests answered 409/500", injectedApi, "count"));
            m.add(Measurement.plain(s, "seconds under faults", faultSeconds, "s"));
            m.add(Measurement.plain(s, "duplicate platform pipelines", duplicates.pipelines(), "count"));
            m.add(Measurement.plain(s, "duplicate platform run schedules", duplicates.runSchedules(), "count"));
            m.add(Measurement.plain(s, "duplicate platform runs", duplicates.runs(), "count"));
            m.add(Measurement.plain(s, "duplicate Runs started by RunConfigurations", duplicates.triggeredRuns(), "count"));
            m.add(Measurement.plain(s, "resources not converged when the faults stopped", atStop.notConverged(), "count"));
            m.add(Measurement.plain(s, "resources not converged at the end (stuck)", done.notConverged(), "count"));
            m.add(Measurement.plain(s, "time to converge after the faults stopped", convergeSeconds, "s"));
            m.add(Measurement.plain(s, "completion events lost (finished platform runs never on the stream)", events.lost(), "count"));
            m.add(Measurement.plain(s, "completion events delivered twice (same run on the stream again)", events.duplicatesOnStream(), "count"));
            m.add(Measurement.plain(s, "completion events deduplicated by id (controller)", controller.duplicatesAnswered(), "count"));
            m.add(Measurement.plain(s, "unhandled exceptions in the controller's log", unhandled, "count"));
            m.add(Measurement.plain(s, "requests off the platform's published API", platform.violations(), "count"));
            return m;
        } finally {
            controller.close();
            platform.close();
            client.close();
            api.close();
            nats.close();
            if (!keepWork) {
                try (Stream<Path> files = Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    // ---------------------------------------------------------------- workload

    /**
     * Creates resources [from, until). The dependent (odd) RunConfigurations are created first and
     * awaited until the controller has observed them: a runConfigurations trigger fires only for a
     * run of its upstream that finished after it was first observed (RunConfigurationTriggers), so
     * otherwise whether a dependent ever runs would depend on timing, not on faults.
     */
    private static void applyWave(KubernetesClient client, String pipelineUri, int from, int until) throws InterruptedException {
        for (int i = from; i < until; i++) {
            createRetrying(client, pipeline(i, pipelineUri));
        }
        List<String> dependents = new ArrayList<>();
        for (int i = from; i < until; i++) {
            if (i % 2 == 1) {
                createRetrying(client, runConfiguration(i));
                dependents.add("rc-" + i);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!dependents.isEmpty() && System.nanoTime() < deadline) {
            dependents.removeIf(name -> {
                RunConfiguration rc = client.resources(RunConfiguration.class).inNamespace(NAMESPACE).withName(name).get();
                return rc != null && rc.getStatus() != null && rc.getStatus().getTriggers() != null
                        && rc.getStatus().getTriggers().getRunConfigurations() != null;
            });
            Thread.sleep(100);
        }
        for (int i = from; i < until; i++) {
            if (i % 2 == 0) {
                createRetrying(client, runConfiguration(i));
            }
            createRetrying(client, run(i));
        }
    }

    private static Pipeline pipeline(int i, String uri) {
        return Workload.pipeline(NAMESPACE, "pipeline-" + i, uri);
    }

    /** Even: runs on a new pipeline version; odd: after the even one before it succeeded. Both have a schedule. */
    private static RunConfiguration runConfiguration(int i) {
        RunConfiguration rc = new RunConfiguration();
        rc.setMetadata(meta("rc-" + i));
        Triggers triggers = new Triggers().withSchedules(List.of(new Schedule().withCronExpression(CRON)));
        triggers = i % 2 == 0 || i == 0 ? triggers.withOnChange(List.of(OnChangeTrigger.PIPELINE))
                : triggers.withRunConfigurations(List.of("rc-" + (i - 1)));
        rc.setSpec(new RunConfigurationSpec().withRun(new RunSpec().withProvider(PROVIDER).withPipeline("pipeline-" + i)).withTriggers(triggers));
        return rc;
    }

    private static Run run(int i) {
        return Workload.run(NAMESPACE, "run-" + i, "pipeline-" + i);
    }

    private static ObjectMeta meta(String name) {
        return Workload.meta(NAMESPACE, name);
    }

    /** The user's creates meet the injected faults too; they retry as kubectl users and GitOps tools do. */
    private static void createRetrying(KubernetesClient client, HasMetadata resource) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                client.resource(resource).create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && e.getStatus() != null && "AlreadyExists".equals(e.getStatus().getReason())) {
                    return;
                }
                if ((e.getCode() == 409 || e.getCode() == 429 || e.getCode() >= 500) && attempt < 50) {
                    Thread.sleep(20);
                    continue;
                }
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- convergence

    /** What is converged: Pipelines and RunSchedules Succeeded, RunConfigurations Succeeded on their pipeline's version, every Run completed. */
    record Progress(long notConverged, List<String> stuck) {
        boolean converged() {
            return notConverged == 0;
        }
    }

    private static Progress progress(KubernetesClient client, int n) {
        List<String> stuck = new ArrayList<>();
        for (Pipeline p : client.resources(Pipeline.class).inNamespace(NAMESPACE).list().getItems()) {
            if (p.getStatus() == null || Conditions.synchronizationState(p.getStatus().getConditions()) != SynchronizationState.SUCCEEDED
                    || p.getStatus().getVersion() == null) {
                stuck.add("Pipeline " + p.getMetadata().getName());
            }
        }
        for (RunConfiguration r : client.resources(RunConfiguration.class).inNamespace(NAMESPACE).list().getItems()) {
            if (r.getStatus() == null || Conditions.synchronizationState(r.getStatus().getConditions()) != SynchronizationState.SUCCEEDED
                    || r.getStatus().getDependencies() == null || r.getStatus().getDependencies().getPipeline() == null
                    || r.getStatus().getDependencies().getPipeline().getVersion() == null) {
                stuck.add("RunConfiguration " + r.getMetadata().getName());
            }
        }
        List<RunSchedule> schedules = client.resources(RunSchedule.class).inNamespace(NAMESPACE).list().getItems();
        for (RunSchedule s : schedules) {
            if (s.getStatus() == null || Conditions.synchronizationState(s.getStatus().getConditions()) != SynchronizationState.SUCCEEDED) {
                stuck.add("RunSchedule " + s.getMetadata().getName());
            }
        }
        List<Run> runs = client.resources(Run.class).inNamespace(NAMESPACE).list().getItems();
        for (Run r : runs) {
            if (r.getStatus() == null || !"Succeeded".equals(r.getStatus().getCompletionState())) {
                stuck.add("Run " + r.getMetadata().getName());
            }
        }
        // Missing objects are not converged either: a RunSchedule and a triggered Run per RunConfiguration.
        Set<String> withSchedule = owners(schedules);
        Set<String> withRun = owners(runs);
        for (int i = 0; i < n; i++) {
            if (!withSchedule.contains("rc-" + i)) {
                stuck.add("no RunSchedule of rc-" + i);
            }
            if (!withRun.contains("rc-" + i)) {
                stuck.add("no Run started by rc-" + i);
            }
        }
        return new Progress(stuck.size(), stuck.stream().limit(20).toList());
    }

    private static Set<String> owners(List<? extends HasMetadata> owned) {
        return owned.stream().filter(o -> o.getMetadata().getOwnerReferences() != null)
                .flatMap(o -> o.getMetadata().getOwnerReferences().stream())
                .filter(r -> r.getKind().equals("RunConfiguration")).map(r -> r.getName()).collect(Collectors.toSet());
    }

    // ---------------------------------------------------------------- duplicates

    record Duplicates(long pipelines, long runSchedules, long runs, long triggeredRuns) {
    }

    /**
     * Platform objects beyond one per resource: pipelines beyond one per Pipeline (and versions
     * beyond the one each has), run schedules beyond the RunSchedules, runs beyond one per Run;
     * and Runs beyond the one trigger each RunConfiguration fired.
     */
    private static Duplicates duplicates(KubernetesClient client, FaultsPlatform platform, int n) {
        long pipelines = Math.max(0, platform.pipelines() - n) + Math.max(0, platform.pipelineVersions() - n);
        long schedules = platform.runSchedules() - client.resources(RunSchedule.class).inNamespace(NAMESPACE).list().getItems().size();
        List<Run> runResources = client.resources(Run.class).inNamespace(NAMESPACE).list().getItems();
        long platformRuns = platform.runsNotFromSchedules();
        long triggered = runResources.stream().filter(r -> r.getMetadata().getOwnerReferences() != null && r.getMetadata().getOwnerReferences()
                .stream().anyMatch(o -> o.getKind().equals("RunConfiguration"))).count();
        return new Duplicates(Math.max(0, pipelines), Math.max(0, schedules), Math.max(0, platformRuns - runResources.size()),
                Math.max(0, triggered - n));
    }

    // ---------------------------------------------------------------- events

    record Events(long lost, long duplicatesOnStream) {
    }

    /** Waits (up to {@code limit}) until every finished platform run is on the stream; what is still missing then is lost. */
    private static Events awaitEvents(String natsUrl, FaultsPlatform platform, ControllerProcess controller, Duration limit) throws Exception {
        Set<String> finished = platform.finishedRunIds();
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection connection = Nats.connect(natsUrl)) {
            JetStreamManagement management = connection.jetStreamManagement();
            Map<String, Integer> onStream = new HashMap<>();
            long nextSequence = 1;
            while (true) {
                StreamState state = management.getStreamInfo(STREAM).getStreamState();
                for (long seq = Math.max(nextSequence, state.getFirstSequence()); seq <= state.getLastSequence(); seq++) {
                    try {
                        MessageInfo message = management.getMessage(STREAM, seq);
                        JsonNode data = JSON.readTree(message.getData()).path("data");
                        onStream.merge(data.path("runId").asText(), 1, Integer::sum);
                    } catch (JetStreamApiException deleted) {
                        // A gap in the sequence: nothing stored there.
                    }
                    nextSequence = seq + 1;
                }
                Set<String> missing = new HashSet<>(finished);
                missing.removeAll(onStream.keySet());
                if (missing.isEmpty() || System.nanoTime() > deadline) {
                    long twice = onStream.values().stream().mapToLong(c -> c - 1).sum();
                    return new Events(missing.size(), twice);
                }
                pause(controller, 250);
            }
        }
    }

    // ---------------------------------------------------------------- parts

    /** Waits, reading the controller's counters meanwhile (a kill loses only what came since). */
    private static void pause(ControllerProcess controller, long millis) throws InterruptedException {
        controller.scrape();
        Thread.sleep(millis);
    }

    static void installCrds(ApiServer api, Path repository) throws IOException {
        List<InputStream> crds = new ArrayList<>();
        try (Stream<Path> files = Files.list(repository.resolve("helm/kfp-operator/crds"))) {
            for (Path file : files.sorted().toList()) {
                crds.add(Files.newInputStream(file));
            }
        }
        api.installCrds(crds);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A real nats-server with JetStream on a fixed port and storage, so a restart keeps the stream. */
    static final class NatsProcess implements AutoCloseable {
        private final Path storage;
        private final int port;
        private Process process;

        NatsProcess(Path storage) throws IOException {
            this.storage = Files.createDirectories(storage);
            this.port = freePort();
        }

        String url() {
            return "nats://127.0.0.1:" + port;
        }

        void start() throws IOException, InterruptedException {
            process = new ProcessBuilder("nats-server", "-js", "-a", "127.0.0.1", "-p", Integer.toString(port), "-sd", storage.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try (Connection ignored = Nats.connect(url())) {
                    return;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("nats-server did not start at " + url() + " (is nats-server on the PATH?)");
                    }
                    Thread.sleep(100);
                }
            }
        }

        void restart() throws IOException, InterruptedException {
            process.destroy();
            process.waitFor();
            start();
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
