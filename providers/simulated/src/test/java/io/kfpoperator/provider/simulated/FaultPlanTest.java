package io.kfpoperator.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kfpoperator.provider.contract.Framework;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.provider.spi.PlatformException;
import io.kfpoperator.provider.spi.PlatformRegistry;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Each kind of injected fault fires where it says: before the platform changes anything, or after it committed. */
class FaultPlanTest {

    private final SimulatedPlatform platform = new SimulatedPlatform("ns/sim", SimulatedSettings.defaults(),
            new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));

    @Test
    void aLostAnswerFailsTheCallAfterThePlatformMadeTheObject() {
        platform.createPipeline(pipeline(), null);
        platform.setFaults(FaultPlan.NONE.withLost(1.0));

        assertThatThrownBy(() -> platform.createRun(run("ns/r")))
                .isInstanceOf(AnswerLostException.class)
                .satisfies(e -> assertThat(((PlatformException) e).httpStatus()).isEqualTo(502));

        assertThat(platform.runs()).extracting(SimulatedRun::name).containsExactly("ns/r");
        assertThat(platform.injectedFaults()).containsEntry("lost", 1L);
    }

    @Test
    void aRetryAfterALostAnswerFindsTheObjectInsteadOfMakingASecond() {
        platform.createPipeline(pipeline(), null);
        platform.setFaults(FaultPlan.NONE.withLost(1.0));
        assertThatThrownBy(() -> platform.createRun(run("ns/r"))).isInstanceOf(AnswerLostException.class);
        platform.setFaults(FaultPlan.NONE);

        String id = platform.createRun(run("ns/r"));

        assertThat(platform.runs()).extracting(SimulatedRun::id).containsExactly(id);
    }

    @Test
    void unavailableAndThrottledFailBeforeAnythingIsMade() {
        platform.createPipeline(pipeline(), null);
        platform.setFaults(FaultPlan.NONE.withUnavailable(1.0));
        assertThatThrownBy(() -> platform.createRun(run("ns/a")))
                .isInstanceOf(PlatformUnavailableException.class).isNotInstanceOf(AnswerLostException.class)
                .satisfies(e -> assertThat(((PlatformException) e).httpStatus()).isEqualTo(500));

        platform.setFaults(FaultPlan.NONE.withThrottled(1.0));
        assertThatThrownBy(() -> platform.createRun(run("ns/b")))
                .isInstanceOf(SimulatedThrottledException.class)
                .satisfies(e -> assertThat(((PlatformException) e).httpStatus()).isEqualTo(429));

        assertThat(platform.runs()).isEmpty();
        assertThat(platform.injectedFaults()).containsEntry("unavailable", 1L).containsEntry("throttled", 1L);
    }

    @Test
    void aHangOutlastsTheCallersTimeoutAndThePlatformCommitsAfterwards() throws Exception {
        platform.createPipeline(pipeline(), null);
        platform.setFaults(FaultPlan.NONE.withHang(1.0, Duration.ofSeconds(1)));

        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> platform.createRun(run("ns/r")));

        // The caller's timeout (200 ms) passes with nothing made...
        assertThatThrownBy(() -> call.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(platform.runs()).isEmpty();
        // ...and the platform carries the call out anyway.
        String id = call.get(10, TimeUnit.SECONDS);
        assertThat(platform.runs()).extracting(SimulatedRun::id).containsExactly(id);
    }

    @Test
    void aHangInterruptedByARestartMakesNothing() throws Exception {
        platform.createPipeline(pipeline(), null);
        platform.setFaults(FaultPlan.NONE.withHang(1.0, Duration.ofMinutes(5)));
        Thread[] worker = new Thread[1];
        CompletableFuture<String> call = new CompletableFuture<>();
        worker[0] = new Thread(() -> {
            try {
                call.complete(platform.createRun(run("ns/r")));
            } catch (RuntimeException e) {
                call.completeExceptionally(e);
            }
        });
        worker[0].start();
        org.awaitility.Awaitility.await().until(() -> platform.injectedFaults().get("hang") == 1L);

        worker[0].interrupt();

        assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PlatformUnavailableException.class);
        assertThat(platform.runs()).isEmpty();
    }

    @Test
    void onlyTheChosenVerbsAreFaulted() {
        String pipelineId = platform.createPipeline(pipeline(), null);
        platform.setFaults(FaultPlan.NONE.withUnavailable(1.0).onlyOn(Set.of("delete")));

        String runId = platform.createRun(run("ns/r"));

        assertThatThrownBy(() -> platform.deleteRun(runId)).isInstanceOf(PlatformUnavailableException.class);
        assertThatThrownBy(() -> platform.deletePipeline(pipelineId)).isInstanceOf(PlatformUnavailableException.class);
        assertThat(platform.runs()).hasSize(1);
    }

    @Test
    void theSameSeedInjectsTheSameFaults() {
        assertThat(outcomes(42)).isEqualTo(outcomes(42)).contains("lost", "ok", "unavailable");
        assertThat(outcomes(42)).isNotEqualTo(outcomes(43));
    }

    private static List<String> outcomes(long seed) {
        SimulatedPlatform p = new SimulatedPlatform("ns/sim", SimulatedSettings.defaults().withSeed(seed)
                .withFaults(FaultPlan.parse("unavailable=0.3,lost=0.3")), new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            try {
                p.createExperiment(new io.kfpoperator.provider.contract.ExperimentDefinition("ns/e" + i, "v1", ""));
                outcomes.add("ok");
            } catch (AnswerLostException e) {
                outcomes.add("lost");
            } catch (PlatformUnavailableException e) {
                outcomes.add("unavailable");
            }
        }
        return outcomes;
    }

    @Test
    void theProviderParameterFaultsIsReadAndBadSpecsNameTheirKey() {
        SimulatedPlatform created = (SimulatedPlatform) PlatformRegistry.load().factory("simulated").create(new PlatformConfig("ns/sim", null,
                Map.of("faults", "unavailable=0.3, throttled=0.05, lost=0.1, hang=0.01, hangFor=20s, only=create+update")));

        assertThat(created.settings().faults()).isEqualTo(new FaultPlan(0.3, 0.05, 0.1, 0.01, Duration.ofSeconds(20), Set.of("create", "update")));
        assertThat(FaultPlan.parse(created.settings().faults().toString())).isEqualTo(created.settings().faults());
        assertThat(FaultPlan.parse("none")).isEqualTo(FaultPlan.NONE);
        assertThatThrownBy(() -> FaultPlan.parse("lost=2")).isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("lost");
        assertThatThrownBy(() -> FaultPlan.parse("lost=0.6,unavailable=0.6")).isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("more than 1");
        assertThatThrownBy(() -> FaultPlan.parse("sometimes=0.1")).isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("sometimes");
        assertThatThrownBy(() -> FaultPlan.parse("only=get")).isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("get");
    }

    private static PipelineDefinition pipeline() {
        return new PipelineDefinition("ns/p", "v1", "img:v1", List.of(),
                new Framework("tfx", Map.of("pipeline", JsonNodeFactory.instance.textNode("p.create"))));
    }

    private static RunDefinition run(String name) {
        return new RunDefinition(name, "v1", "ns/p", "v1", "ns/rc", "", Map.of(), List.of(), null);
    }
}
