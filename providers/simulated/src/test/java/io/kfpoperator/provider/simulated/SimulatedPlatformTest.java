package io.kfpoperator.provider.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.Framework;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.RunDefinition;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.contract.Schedule;
import io.kfpoperator.provider.events.RunCompletionEventData;
import io.kfpoperator.provider.events.RunCompletionStatus;
import io.kfpoperator.provider.spi.FinishedRun;
import io.kfpoperator.provider.spi.InvalidDefinitionException;
import io.kfpoperator.provider.spi.OperationNotSupportedException;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.provider.spi.PlatformRegistry;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SimulatedPlatformTest {

    private static final String PROVIDER = "kfp-operator-system/simulated";
    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private final SimulatedPlatform platform = new SimulatedPlatform(PROVIDER,
            SimulatedSettings.defaults().withRunDuration(Duration.ofMinutes(5)), clock);

    // ---- pipelines and experiments ----

    @Test
    void repeatedPipelineCreateReturnsTheSameIdAndCreatesNothing() {
        String id = platform.createPipeline(pipeline("ns/p", "v1"), null);

        assertThat(platform.createPipeline(pipeline("ns/p", "v1"), null)).isEqualTo(id);
        assertThat(platform.pipelines()).containsExactly(new SimulatedPipeline(id, "ns/p", List.of("v1")));
    }

    @Test
    void newVersionIsAddedToTheSamePipeline() {
        String id = platform.createPipeline(pipeline("ns/p", "v1"), null);

        assertThat(platform.updatePipeline(id, pipeline("ns/p", "v2"), null)).isEqualTo(id);
        assertThat(platform.createPipeline(pipeline("ns/p", "v3"), null)).isEqualTo(id);
        assertThat(platform.pipelines().get(0).versions()).containsExactly("v1", "v2", "v3");
    }

    @Test
    void updatesOfUnknownIdsAreNotFoundAndDeletesOfThemSucceed() {
        assertThatThrownBy(() -> platform.updatePipeline("nope", pipeline("ns/p", "v1"), null)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> platform.updateExperiment("nope", new ExperimentDefinition("ns/e", "v1", "")))
                .isInstanceOf(ResourceNotFoundException.class);
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        assertThatThrownBy(() -> platform.updateRunSchedule("nope", schedule("ns/s", "v1", "0 * * * *")))
                .isInstanceOf(ResourceNotFoundException.class);

        platform.deletePipeline("nope");
        platform.deleteExperiment("nope");
        platform.deleteRunSchedule("nope");
        platform.deleteRun("nope");
    }

    @Test
    void experimentsAreFoundByNameOnRepeatedCreateAndUpdatedInPlace() {
        String id = platform.createExperiment(new ExperimentDefinition("ns/e", "v1", "first"));

        assertThat(platform.createExperiment(new ExperimentDefinition("ns/e", "v1", "first"))).isEqualTo(id);
        platform.updateExperiment(id, new ExperimentDefinition("ns/e", "v2", "second"));

        assertThat(platform.experiments()).containsExactly(new SimulatedExperiment(id, "ns/e", "v2", "second"));
    }

    // ---- runs ----

    @Test
    void runFinishesAfterTheConfiguredDurationWithTheConfiguredOutcomeAndArtifacts() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String runId = platform.createRun(run("ns/r", "v1"));

        clock.advance(Duration.ofMinutes(4));
        assertThat(platform.runs()).singleElement().extracting(SimulatedRun::state).isEqualTo(SimulatedRunState.RUNNING);
        assertThat(platform.finishedRunsSince(Instant.EPOCH)).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        List<FinishedRun> finished = platform.finishedRunsSince(Instant.EPOCH);

        assertThat(finished).hasSize(1);
        assertThat(finished.get(0).finishedAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
        RunCompletionEventData event = finished.get(0).event();
        assertThat(event.status()).isEqualTo(RunCompletionStatus.SUCCEEDED);
        assertThat(event.provider()).isEqualTo(PROVIDER);
        assertThat(event.runId()).isEqualTo(runId);
        assertThat(event.runName()).isEqualTo("ns/r");
        assertThat(event.runConfigurationName()).isEqualTo("ns/rc");
        assertThat(event.pipelineName()).isEqualTo("ns/p");
        assertThat(event.runStartTime()).isEqualTo(OffsetDateTime.parse("2026-11-25T12:00:00Z"));
        assertThat(event.runEndTime()).isEqualTo(OffsetDateTime.parse("2026-11-25T12:05:00Z"));
        assertThat(event.eventId()).isEqualTo(PROVIDER + "/" + runId + "/succeeded");
        assertThat(event.pipelineComponents()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("trainer");
            assertThat(c.componentArtifacts().get(0).artifacts().get(0).uri()).isEqualTo("simulated://runs/" + runId + "/trainer/model");
        });
        assertThat(platform.runs().get(0).state()).isEqualTo(SimulatedRunState.SUCCEEDED);
    }

    @Test
    void theFailAttemptsParameterFailsTheFirstAttemptsAndTheDurationParameterReplacesTheRunDuration() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        Map<String, String> parameters = Map.of(SimulatedPlatform.FAIL_ATTEMPTS_PARAMETER, "1", SimulatedPlatform.RUN_DURATION_PARAMETER, "1m");
        RunDefinition first = withAttempt(run("ns/r", "v1"), parameters, null);
        String one = platform.createRun(first);
        String two = platform.createRun(withAttempt(first, parameters, 2));

        assertThat(two).isNotEqualTo(one);
        assertThat(platform.createRun(withAttempt(first, parameters, 2))).isEqualTo(two);
        clock.advance(Duration.ofMinutes(1));
        assertThat(platform.finishedRunsSince(Instant.EPOCH)).extracting(f -> f.event().runId() + " " + f.event().status().wireName())
                .containsExactly(one + " failed", two + " succeeded");
        assertThat(platform.runs()).extracting(SimulatedRun::attempt).containsExactly(1, 2);
    }

    @Test
    void aStoppedRunFinishesAtOnceAsFailedAndStoppedAndStaysOnThePlatform() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String id = platform.createRun(run("ns/r", "v1"));
        clock.advance(Duration.ofMinutes(1));

        platform.stopRun(id);
        platform.stopRun(id);

        assertThat(platform.runs()).singleElement().extracting(SimulatedRun::state).isEqualTo(SimulatedRunState.STOPPED);
        assertThat(platform.finishedRunsSince(Instant.EPOCH)).singleElement().satisfies(f -> {
            assertThat(f.finishedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
            assertThat(f.event().status()).isEqualTo(RunCompletionStatus.FAILED);
            assertThat(f.event().wasStopped()).isTrue();
        });
        assertThatThrownBy(() -> platform.stopRun("nope")).isInstanceOf(ResourceNotFoundException.class);
    }

    private static RunDefinition withAttempt(RunDefinition d, Map<String, String> parameters, Integer attempt) {
        return new RunDefinition(d.name(), d.version(), d.pipelineName(), d.pipelineVersion(), d.runConfigurationName(),
                d.experimentName(), parameters, d.artifacts(), d.triggerIndicator(), attempt);
    }

    @Test
    void outcomeAndArtifactsAreTakenWhenTheRunStarts() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        platform.updateSettings(SimulatedSettings.fromParameters(Map.of(
                "runOutcome", "failed",
                "runDuration", "30s",
                "artifacts", "[{\"name\":\"pusher\",\"componentArtifacts\":[{\"name\":\"pushed_model\","
                        + "\"artifacts\":[{\"uri\":\"gs://models/{runId}\",\"metadata\":{\"pushed\":1}}]}]}]")));
        String failing = platform.createRun(run("ns/failing", "v1"));
        platform.setRunOutcome(RunCompletionStatus.SUCCEEDED);

        clock.advance(Duration.ofSeconds(30));
        RunCompletionEventData event = platform.finishedRunsSince(Instant.EPOCH).get(0).event();

        assertThat(event.runId()).isEqualTo(failing);
        assertThat(event.status()).isEqualTo(RunCompletionStatus.FAILED);
        assertThat(event.pipelineComponents().get(0).name()).isEqualTo("pusher");
        assertThat(event.pipelineComponents().get(0).componentArtifacts().get(0).artifacts().get(0).uri()).isEqualTo("gs://models/" + failing);
        assertThat(event.pipelineComponents().get(0).componentArtifacts().get(0).artifacts().get(0).metadata().get("pushed").asInt()).isEqualTo(1);
    }

    @Test
    void repeatedRunCreateReturnsTheSameRun() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String id = platform.createRun(run("ns/r", "v1"));

        assertThat(platform.createRun(run("ns/r", "v1"))).isEqualTo(id);
        assertThat(platform.runs()).hasSize(1);
    }

    @Test
    void runOfAnUnknownPipelineVersionIsRejected() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);

        assertThatThrownBy(() -> platform.createRun(new RunDefinition("ns/r", "v1", "ns/p", "v9", "", "", null, null, null)))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("v9");
    }

    @Test
    void runsCannotBeUpdated() {
        assertThatThrownBy(() -> platform.updateRun("run-1", run("ns/r", "v2"))).isInstanceOf(OperationNotSupportedException.class);
    }

    @Test
    void deletingARunningRunCancelsItAndNoCompletionIsReported() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String id = platform.createRun(run("ns/r", "v1"));
        clock.advance(Duration.ofMinutes(1));

        platform.deleteRun(id);
        clock.advance(Duration.ofHours(1));

        assertThat(platform.runs()).isEmpty();
        assertThat(platform.finishedRunsSince(Instant.EPOCH)).isEmpty();
    }

    @Test
    void deletingAFinishedRunKeepsItsCompletionForTheEventLoop() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String id = platform.createRun(run("ns/r", "v1"));
        clock.advance(Duration.ofMinutes(5));

        platform.deleteRun(id);

        assertThat(platform.runs()).isEmpty();
        assertThat(platform.finishedRunsSince(Instant.EPOCH)).extracting(f -> f.event().runId()).containsExactly(id);
    }

    @Test
    void finishedRunsAreListedOldestFirstIncludingThoseFinishingAtTheGivenInstant() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String first = platform.createRun(run("ns/a", "v1"));
        clock.advance(Duration.ofMinutes(1));
        String second = platform.createRun(run("ns/b", "v1"));
        clock.advance(Duration.ofMinutes(10));

        assertThat(platform.finishedRunsSince(Instant.EPOCH)).extracting(f -> f.event().runId()).containsExactly(first, second);
        assertThat(platform.finishedRunsSince(START.plus(Duration.ofMinutes(6)))).extracting(f -> f.event().runId()).containsExactly(second);
        assertThat(platform.finishedRunsSince(START.plus(Duration.ofMinutes(7)))).isEmpty();
    }

    // ---- schedules ----

    @Test
    void scheduleFiresOnItsCronAndTheRunNamesTheRunConfiguration() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String scheduleId = platform.createRunSchedule(schedule("ns/s", "v1", "*/10 * * * *"));

        clock.advance(Duration.ofMinutes(9));
        assertThat(platform.runs()).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(platform.runs()).singleElement().satisfies(r -> {
            assertThat(r.scheduleId()).isEqualTo(scheduleId);
            assertThat(r.name()).isNull();
            assertThat(r.startedAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
        });
        clock.advance(Duration.ofMinutes(5));

        RunCompletionEventData event = platform.finishedRunsSince(Instant.EPOCH).get(0).event();
        assertThat(event.runConfigurationName()).isEqualTo("ns/rc");
        assertThat(event.runName()).isNull();
        assertThat(scheduleId).as("ids with a '/' make clients URL-escape them").contains("/");
    }

    @Test
    void missedFiringsAreNotCaughtUp() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        platform.createRunSchedule(schedule("ns/s", "v1", "*/10 * * * *"));

        clock.advance(Duration.ofHours(1));

        assertThat(platform.runs()).singleElement().extracting(SimulatedRun::startedAt).isEqualTo(START.plus(Duration.ofHours(1)));
    }

    @Test
    void scheduleFiresOnlyBetweenItsStartAndEndTime() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        platform.createRunSchedule(new RunScheduleDefinition("ns/s", "v1", "ns/p", "v1", "ns/rc", "",
                new Schedule("*/10 * * * *", OffsetDateTime.parse("2026-11-25T12:15:00Z"), OffsetDateTime.parse("2026-11-25T12:25:00Z")),
                null, null, null));

        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(10));
            platform.tick();
        }

        assertThat(platform.runs()).extracting(SimulatedRun::startedAt).containsExactly(START.plus(Duration.ofMinutes(20)));
    }

    @Test
    void sixFieldCronWithSecondsFirstIsAccepted() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        platform.createRunSchedule(schedule("ns/s", "v1", "30 */5 * * * *"));

        clock.advance(Duration.ofMinutes(5).plusSeconds(30));

        assertThat(platform.runs()).hasSize(1);
    }

    @Test
    void rejectedScheduleUpdateKeepsThePreviousScheduleFiring() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String id = platform.createRunSchedule(schedule("ns/s", "v1", "*/10 * * * *"));

        assertThatThrownBy(() -> platform.updateRunSchedule(id, schedule("ns/s", "v2", "every full moon")))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("every full moon");
        clock.advance(Duration.ofMinutes(10));

        assertThat(platform.runSchedules()).singleElement().satisfies(s -> {
            assertThat(s.definition().version()).isEqualTo("v1");
            assertThat(s.definition().schedule().cronExpression()).isEqualTo("*/10 * * * *");
        });
        assertThat(platform.runs()).hasSize(1);
    }

    @Test
    void invalidCronOnCreateIsRejectedAndNothingIsCreated() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);

        assertThatThrownBy(() -> platform.createRunSchedule(schedule("ns/s", "v1", "61 * * * *")))
                .isInstanceOf(PlatformRejectedException.class);
        assertThat(platform.runSchedules()).isEmpty();
    }

    @Test
    void deletedScheduleStopsFiring() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String id = platform.createRunSchedule(schedule("ns/s", "v1", "*/10 * * * *"));

        platform.deleteRunSchedule(id);
        clock.advance(Duration.ofHours(1));

        assertThat(platform.runs()).isEmpty();
    }

    @Test
    void cronIsReadInTheSchedulesTimeZoneAcrossTheSummerTimeChange() {
        // 09:00 in London is 09:00 UTC in winter and 08:00 UTC in summer (from 29 March 2026).
        ManualClock london = new ManualClock(Instant.parse("2026-03-27T10:00:00Z"));
        SimulatedPlatform p = new SimulatedPlatform(PROVIDER, SimulatedSettings.defaults().withRunDuration(Duration.ofMinutes(5)), london);
        p.createPipeline(pipeline("ns/p", "v1"), null);
        p.createRunSchedule(schedule("ns/s", "v1", new Schedule("0 9 * * *", null, null, "Europe/London", null, null, null)));

        for (int hour = 0; hour < 4 * 24; hour++) {
            london.advance(Duration.ofHours(1));
            p.tick();
        }

        assertThat(p.runs()).extracting(SimulatedRun::startedAt).containsExactly(Instant.parse("2026-03-28T09:00:00Z"),
                Instant.parse("2026-03-29T08:00:00Z"), Instant.parse("2026-03-30T08:00:00Z"), Instant.parse("2026-03-31T08:00:00Z"));
    }

    @Test
    void unknownTimeZoneOrPolicyIsRefusedNamingTheField() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);

        assertThatThrownBy(() -> platform.createRunSchedule(schedule("ns/s", "v1",
                new Schedule("0 9 * * *", null, null, "Mars/Olympus_Mons", null, null, null))))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("schedule.timeZone").hasMessageContaining("Mars/Olympus_Mons");
        assertThatThrownBy(() -> platform.createRunSchedule(schedule("ns/s", "v1",
                new Schedule("0 9 * * *", null, null, null, null, "Sometimes", null))))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("schedule.concurrencyPolicy").hasMessageContaining("Sometimes");
        assertThat(platform.runSchedules()).isEmpty();
    }

    @Test
    void suspendedScheduleFiresNothingAndResumesWithoutMakingUpWhatItMissed() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String id = platform.createRunSchedule(schedule("ns/s", "v1", "*/10 * * * *"));
        clock.advance(Duration.ofMinutes(10));
        assertThat(platform.runs()).hasSize(1);

        assertThat(platform.updateRunSchedule(id, schedule("ns/s", "v2", new Schedule("*/10 * * * *", null, null, null, true, null, null))))
                .as("paused in place").isEqualTo(id);
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(10));
            platform.tick();
        }
        assertThat(platform.runs()).as("nothing while suspended").hasSize(1);

        platform.updateRunSchedule(id, schedule("ns/s", "v3", "*/10 * * * *"));
        assertThat(platform.runs()).as("none made up").hasSize(1);
        clock.advance(Duration.ofMinutes(10));
        assertThat(platform.runs()).extracting(SimulatedRun::startedAt).last().isEqualTo(START.plus(Duration.ofMinutes(80)));
        assertThat(platform.runSchedules()).singleElement().extracting(SimulatedRunSchedule::id).isEqualTo(id);
    }

    @Test
    void resumeWithCatchUpStartsOneRunForEveryFiringMissedWhileSuspended() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        String id = platform.createRunSchedule(schedule("ns/s", "v1", new Schedule("*/10 * * * *", null, null, null, null, null, true)));
        clock.advance(Duration.ofMinutes(10));
        platform.updateRunSchedule(id, schedule("ns/s", "v2", new Schedule("*/10 * * * *", null, null, null, true, null, true)));
        clock.advance(Duration.ofMinutes(30));
        platform.tick();
        assertThat(platform.runs()).hasSize(1);

        platform.updateRunSchedule(id, schedule("ns/s", "v3", new Schedule("*/10 * * * *", null, null, null, false, null, true)));

        assertThat(platform.runs()).extracting(SimulatedRun::startedAt).containsExactly(START.plus(Duration.ofMinutes(10)),
                START.plus(Duration.ofMinutes(20)), START.plus(Duration.ofMinutes(30)), START.plus(Duration.ofMinutes(40)));
    }

    @Test
    void forbidSkipsAFiringWhileTheSchedulesRunIsStillRunning() {
        // Runs take 5 minutes; the schedule fires every 2.
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        platform.createRunSchedule(schedule("ns/s", "v1", new Schedule("*/2 * * * *", null, null, null, null, "Forbid", null)));

        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(1));
            platform.tick();
        }

        assertThat(platform.runs()).extracting(SimulatedRun::startedAt).containsExactly(START.plus(Duration.ofMinutes(2)),
                START.plus(Duration.ofMinutes(8)));
        assertThat(platform.runSchedules()).singleElement().extracting(SimulatedRunSchedule::skippedFirings).as("at 4, 6 and 10").isEqualTo(3L);
    }

    @Test
    void replaceStopsTheRunningRunAndStartsTheNext() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        platform.createRunSchedule(schedule("ns/s", "v1", new Schedule("*/2 * * * *", null, null, null, null, "Replace", null)));

        clock.advance(Duration.ofMinutes(2));
        platform.tick();
        clock.advance(Duration.ofMinutes(2));
        platform.tick();

        assertThat(platform.runs()).hasSize(2);
        assertThat(platform.runs().get(0)).satisfies(first -> {
            assertThat(first.state()).isEqualTo(SimulatedRunState.STOPPED);
            assertThat(first.finishedAt()).isEqualTo(START.plus(Duration.ofMinutes(4)));
        });
        assertThat(platform.runs().get(1).state()).isEqualTo(SimulatedRunState.RUNNING);
        assertThat(platform.finishedRunsSince(Instant.EPOCH)).singleElement().satisfies(f -> {
            assertThat(f.event().status()).isEqualTo(RunCompletionStatus.FAILED);
            assertThat(f.event().stopped()).as("stopped, not failed by itself").isTrue();
        });
    }

    @Test
    void allowStartsAnotherRunBesideTheRunningOne() {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        platform.createRunSchedule(schedule("ns/s", "v1", new Schedule("*/2 * * * *", null, null, null, null, "Allow", null)));

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            platform.tick();
        }

        assertThat(platform.runs()).hasSize(2).allSatisfy(r -> assertThat(r.state()).isEqualTo(SimulatedRunState.RUNNING));
    }

    @Test
    void suspendedScheduleStartsNoRunsEvenWithItsPipelineGoneAndResumesWithoutCatchingUp() {
        String pipelineId = platform.createPipeline(pipeline("ns/p", "v1"), null);
        String id = platform.createRunSchedule(schedule("ns/s", "v1", "*/10 * * * *"));
        RunScheduleDefinition active = schedule("ns/s", "v1", "*/10 * * * *");
        platform.deletePipeline(pipelineId);

        assertThat(platform.updateRunSchedule(id, suspended(active))).isEqualTo(id);
        clock.advance(Duration.ofHours(1));
        assertThat(platform.runs()).as("no run while suspended").isEmpty();
        assertThat(platform.runSchedules()).singleElement().satisfies(s -> assertThat(s.definition().isSuspended()).isTrue());

        platform.createPipeline(pipeline("ns/p", "v1"), null);
        platform.updateRunSchedule(id, active);
        assertThat(platform.runs()).as("missed firings are not caught up").isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(platform.runs()).hasSize(1);
    }

    private static RunScheduleDefinition suspended(RunScheduleDefinition d) {
        return new RunScheduleDefinition(d.name(), d.version() + "-suspended", d.pipelineName(), d.pipelineVersion(), d.runConfigurationName(),
                d.experimentName(), d.schedule(), d.parameters(), d.artifacts(), d.triggerIndicator(), true);
    }

    // ---- fault injection ----

    @Test
    void errorRateOfOneFailsEveryCallAndChangesNothing() {
        platform.setErrorRate(1.0);

        assertThatThrownBy(() -> platform.createPipeline(pipeline("ns/p", "v1"), null))
                .isInstanceOf(PlatformUnavailableException.class)
                .hasMessageContaining("simulated");
        platform.setErrorRate(0.0);
        assertThat(platform.pipelines()).isEmpty();
    }

    @Test
    void theSameSeedInjectsTheSameFailures() {
        assertThat(failurePattern(42)).isEqualTo(failurePattern(42)).contains(true, false);
    }

    private List<Boolean> failurePattern(long seed) {
        SimulatedPlatform p = new SimulatedPlatform(PROVIDER, SimulatedSettings.defaults().withErrorRate(0.5).withSeed(seed), clock);
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try {
                p.createExperiment(new ExperimentDefinition("ns/e" + i, "v1", ""));
                failed.add(false);
            } catch (PlatformUnavailableException e) {
                failed.add(true);
            }
        }
        return failed;
    }

    // ---- configuration ----

    @Test
    void isRegisteredAsTypeSimulatedAndReadsItsParameters() {
        PipelinePlatform created = PlatformRegistry.load().factory("simulated").create(new PlatformConfig(PROVIDER, null,
                Map.of("runDuration", "PT2M", "runOutcome", "failed", "errorRate", "0.25", "latency", "10ms", "seed", "7")));

        assertThat(created).isInstanceOf(SimulatedPlatform.class);
        assertThat(((SimulatedPlatform) created).settings()).isEqualTo(new SimulatedSettings(Duration.ofMinutes(2),
                RunCompletionStatus.FAILED, SimulatedSettings.defaultArtifacts(), 0.25, Duration.ofMillis(10), 7));
    }

    @Test
    void badParametersAreStartUpErrorsNamingTheKey() {
        assertThatThrownBy(() -> SimulatedSettings.fromParameters(Map.of("runDuration", "a while")))
                .isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("runDuration");
        assertThatThrownBy(() -> SimulatedSettings.fromParameters(Map.of("runOutcome", "maybe")))
                .isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("runOutcome");
        assertThatThrownBy(() -> SimulatedSettings.fromParameters(Map.of("errorRate", "1.5")))
                .isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("errorRate");
        assertThatThrownBy(() -> SimulatedSettings.fromParameters(Map.of("artifacts", "{not json")))
                .isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("artifacts");
        assertThatThrownBy(() -> SimulatedSettings.fromParameters(Map.of("seed", "x")))
                .isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("seed");
    }

    // ---- concurrency ----

    @Test
    void concurrentCreatesGetDistinctIdsAndNoDuplicates() throws Exception {
        platform.createPipeline(pipeline("ns/p", "v1"), null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String name = "ns/r" + (i % 100); // every run requested twice
                ids.add(pool.submit(() -> platform.createRun(run(name, "v1"))));
            }
            HashSet<String> distinct = new HashSet<>();
            for (Future<String> id : ids) {
                distinct.add(id.get());
            }
            assertThat(distinct).hasSize(100);
            assertThat(platform.runs()).hasSize(100);
        } finally {
            pool.shutdownNow();
        }
    }

    private static PipelineDefinition pipeline(String name, String version) {
        return new PipelineDefinition(name, version, "img:" + version, List.of(),
                new Framework("tfx", Map.of("pipeline", JsonNodeFactory.instance.textNode("p.create"))));
    }

    private static RunDefinition run(String name, String version) {
        return new RunDefinition(name, version, "ns/p", "v1", "ns/rc", "", Map.of(), List.of(), null);
    }

    private static RunScheduleDefinition schedule(String name, String version, String cron) {
        return schedule(name, version, new Schedule(cron, null, null));
    }

    private static RunScheduleDefinition schedule(String name, String version, Schedule schedule) {
        return new RunScheduleDefinition(name, version, "ns/p", "v1", "ns/rc", "", schedule, null, null, null);
    }
}
