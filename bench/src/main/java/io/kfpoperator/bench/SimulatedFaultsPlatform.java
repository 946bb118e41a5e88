package io.kfpoperator.bench;

import io.kfpoperator.provider.simulated.FaultPlan;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedRun;
import io.kfpoperator.provider.simulated.SimulatedRunState;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.providerservice.ProviderService;
import io.kfpoperator.providerservice.ProviderServiceConfig;
import io.kfpoperator.providerservice.events.Backoff;
import io.kfpoperator.providerservice.http.ServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The simulated platform with its provider service in this JVM, on a fixed port so a restart keeps
 * its address. The platform lives in the provider service's process here, so a restart stops the
 * service at once (in-flight requests lost, hanging calls interrupted) rather than killing a
 * process: killing it would take the platform's state with it.
 */
final class SimulatedFaultsPlatform implements FaultsPlatform {

    private final SimulatedPlatform platform;
    private final ProviderServiceConfig config;
    private ProviderService current;

    SimulatedFaultsPlatform(SimulatedSettings settings, Path work, int eventsPort) throws IOException {
        this.platform = new SimulatedPlatform(Workload.PROVIDER, settings, Clock.systemUTC());
        this.config = new ProviderServiceConfig("simulated", Workload.PROVIDER, null, new ServerSettings("127.0.0.1", FaultsScenario.freePort(), 16 << 20, 16),
                new ProviderServiceConfig.Events(URI.create("http://127.0.0.1:" + eventsPort + "/events"), null, null,
                        Duration.ofMillis(500), new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)), Duration.ofSeconds(10)),
                new ProviderServiceConfig.WatermarkLocation(work.resolve("watermark"), null, null), Map.of());
    }

    /** The scenario's platform: runs take 2 s, seeded faults. */
    static Factory seeded(long seed) {
        return (repository, work, eventsPort) -> new SimulatedFaultsPlatform(
                SimulatedSettings.defaults().withRunDuration(Duration.ofSeconds(2)).withSeed(seed), work, eventsPort);
    }

    SimulatedPlatform platform() {
        return platform;
    }

    @Override
    public URI providerService() {
        return URI.create("http://127.0.0.1:" + config.server().port());
    }

    @Override
    public void start() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                current = ProviderService.start(config, platform);
                return;
            } catch (UncheckedIOException e) {
                // The old socket may linger for a moment after a restart.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void restartProviderService() throws InterruptedException {
        current.close();
        start();
    }

    @Override
    public String providerServiceRestart() {
        return "stopped at once";
    }

    @Override
    public void faults(FaultPlan plan) {
        platform.setFaults(plan);
    }

    @Override
    public Map<String, Long> injectedFaults() {
        return platform.injectedFaults();
    }

    @Override
    public long pipelines() {
        return platform.pipelines().size();
    }

    @Override
    public long pipelineVersions() {
        return platform.pipelines().stream().mapToLong(p -> p.versions().size()).sum();
    }

    @Override
    public long runSchedules() {
        return platform.runSchedules().size();
    }

    @Override
    public long runsNotFromSchedules() {
        return platform.runs().stream().filter(r -> r.scheduleId() == null).count();
    }

    @Override
    public Set<String> finishedRunIds() {
        return platform.runs().stream().filter(r -> r.state() != SimulatedRunState.RUNNING).map(SimulatedRun::id).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
    }
}
