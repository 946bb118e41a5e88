package io.kfpoperator.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.provider.kfp.KfpSettings;
import io.kfpoperator.provider.kfp.fake.FakeKfpServer;
import io.kfpoperator.provider.simulated.FaultPlan;
import io.kfpoperator.providerservice.ProviderService;
import io.kfpoperator.providerservice.ProviderServiceConfig;
import io.kfpoperator.providerservice.events.Backoff;
import io.kfpoperator.providerservice.http.ServerSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The platform outside the provider service, as in a cluster: the fake KFP API (every request
 * checked against KFP's v2beta1 swagger) in this JVM, the provider service on the KFP provider in
 * a JVM of its own, so a restart is a SIGKILL: requests in flight to KFP and to the controller are
 * cut off wherever they are, nothing is flushed, and the next life starts from the watermark file
 * alone (see {@link #restartProviderService} for where the kills land). Every KFP answer takes {@link #KFP_LATENCY}, so a kill finds calls in flight; KFP's
 * persistence agent is played by a task that finishes each run {@link #RUN_DURATION} after KFP
 * made it.
 */
final class KfpFaultsPlatform implements FaultsPlatform {

    static final Duration KFP_LATENCY = Duration.ofMillis(150);
    static final Duration RUN_DURATION = Duration.ofSeconds(2);
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELED", "SKIPPED");

    private final FakeKfpServer kfp = new FakeKfpServer();
    private final int port = FaultsScenario.freePort();
    private final ChildJvm providerService;
    private int restarts;
    private int killsMidRequest;
    private final ScheduledExecutorService persistenceAgent = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kfp-persistence-agent");
        t.setDaemon(true);
        return t;
    });

    KfpFaultsPlatform(Path repository, Path work, int eventsPort) throws IOException {
        kfp.wireMock().setGlobalFixedDelay((int) KFP_LATENCY.toMillis());
        providerService = new ChildJvm("the provider service process", work.resolve("provider-service.log"), ChildJvm.warnLogback(work),
                Main.class, List.of(Integer.toString(port), Integer.toString(eventsPort), work.resolve("watermark").toString(), kfp.baseUrl()),
                URI.create("http://127.0.0.1:" + port + "/readyz"));
    }

    @Override
    public URI providerService() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void start() throws IOException, InterruptedException {
        providerService.start();
        persistenceAgent.scheduleWithFixedDelay(this::finishDueRuns, 200, 200, TimeUnit.MILLISECONDS);
    }

    private void finishDueRuns() {
        Instant due = Instant.now().minus(RUN_DURATION);
        for (ObjectNode run : kfp.api().runs()) {
            if (!TERMINAL.contains(run.path("state").asText()) && Instant.parse(run.path("created_at").asText()).isBefore(due)) {
                kfp.api().finishRun(run.path("run_id").asText(), "SUCCEEDED", Instant.now(), Map.of());
            }
        }
    }

    /**
     * SIGKILL in the middle of a request: the next POST to KFP (a create, made on KFP while the
     * process dies, so its answer is lost) on even restarts, the next request of any kind (mostly
     * the completion poll) on odd ones. KFP finds the process dead from the fake's own request
     * thread, before it handles the request. When no such request comes within 20 s, it is
     * killed where it is.
     */
    @Override
    public void restartProviderService() throws IOException, InterruptedException {
        AtomicBoolean armed = new AtomicBoolean(true);
        CountDownLatch killed = new CountDownLatch(1);
        String method = restarts++ % 2 == 0 ? "POST" : "";
        Runnable kill = () -> {
            if (armed.compareAndSet(true, false)) {
                try {
                    providerService.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                killed.countDown();
            }
        };
        if (method.isEmpty()) {
            for (String any : List.of("GET", "POST", "DELETE")) {
                kfp.api().beforeNext(any, ".*", kill);
            }
        } else {
            kfp.api().beforeNext(method, ".*", kill);
        }
        if (killed.await(20, TimeUnit.SECONDS)) {
            killsMidRequest++;
        } else if (armed.compareAndSet(true, false)) {
            providerService.kill();
        } else {
            killed.await();
            killsMidRequest++;
        }
        providerService.start();
    }

    /** Kills that cut a request to KFP off (the rest found the provider service idle). */
    int killsMidRequest() {
        return killsMidRequest;
    }

    @Override
    public String providerServiceRestart() {
        return "SIGKILL";
    }

    @Override
    public void faults(FaultPlan plan) {
        if (!FaultPlan.NONE.equals(plan)) {
            throw new IllegalArgumentException("the KFP platform of the faults scenario injects no platform faults; the plan asked for " + plan);
        }
    }

    @Override
    public Map<String, Long> injectedFaults() {
        return Map.of();
    }

    @Override
    public long pipelines() {
        return kfp.api().pipelines().size();
    }

    /** Versions beyond the initial one KFP makes (named after the pipeline) when a pipeline is uploaded. */
    @Override
    public long pipelineVersions() {
        return kfp.api().pipelines().stream().mapToLong(p -> kfp.api().versionsOf(p.path("pipeline_id").asText()).stream()
                .filter(v -> !v.path("display_name").asText().equals(p.path("display_name").asText())).count()).sum();
    }

    @Override
    public long runSchedules() {
        return kfp.api().recurringRuns().size();
    }

    @Override
    public long runsNotFromSchedules() {
        return kfp.api().runs().stream().filter(r -> r.path("recurring_run_id").asText("").isEmpty()).count();
    }

    @Override
    public Set<String> finishedRunIds() {
        return kfp.api().runs().stream().filter(r -> TERMINAL.contains(r.path("state").asText())).map(r -> r.path("run_id").asText())
                .collect(Collectors.toSet());
    }

    @Override
    public long violations() {
        return kfp.api().violations().size();
    }

    List<String> violationList() {
        return kfp.api().violations();
    }

    /** ERROR lines and uncaught exceptions in the provider service's log, over all its lives. */
    List<String> providerServiceUnhandled() throws IOException {
        return providerService.unhandledLines(20);
    }

    Path providerServiceLog() {
        return providerService.log();
    }

    int providerServiceLives() {
        return providerService.lives();
    }

    @Override
    public void close() throws InterruptedException {
        persistenceAgent.shutdownNow();
        providerService.stop();
        kfp.close();
    }

    /**
     * The provider service's own JVM on the KFP provider: args are its port, the controller's
     * events port, the watermark file and KFP's address. Polls KFP for finished runs every 500 ms.
     */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) throws Exception {
            ProviderService.start(new ProviderServiceConfig("kfp", Workload.PROVIDER, "gs://bench/pipeline-root",
                    new ServerSettings("127.0.0.1", Integer.parseInt(args[0]), 16 << 20, 16),
                    new ProviderServiceConfig.Events(URI.create("http://127.0.0.1:" + args[1] + "/events"), null, null,
                            Duration.ofMillis(500), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)), Duration.ofSeconds(10)),
                    new ProviderServiceConfig.WatermarkLocation(Path.of(args[2]), null, null),
                    Map.of(KfpSettings.REST_KFP_API_URL, args[3])));
            Thread.currentThread().join();
        }
    }
}
