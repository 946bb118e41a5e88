package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.provider.contract.RunScheduleDefinition;
import io.kfpoperator.provider.contract.Schedule;
import io.kfpoperator.provider.contract.TriggerIndicator;
import io.kfpoperator.provider.spi.PlatformRejectedException;
import io.kfpoperator.provider.spi.PlatformUnavailableException;
import io.kfpoperator.provider.spi.ResourceNotFoundException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KfpRunSchedulesTest extends FakeKfpTestBase {

    @BeforeEach
    void pipelineExists() {
        createPipeline("ns/pipeline", "v1");
    }

    @Test
    void createSendsSecondsFirstCronWindowConcurrencyAndCatchupSettings() {
        RunScheduleDefinition definition = new RunScheduleDefinition("ns/rc-schedule", "s1", "ns/pipeline", "v1",
                "ns/rc", "", new Schedule("*/15 2 * * 1-5", OffsetDateTime.parse("2030-01-01T00:00:00+01:00"),
                        OffsetDateTime.parse("2031-01-01T00:00:00Z")),
                Map.of("text", "scheduled"), List.of(), null);

        String id = platform.createRunSchedule(definition);

        JsonNode schedule = kfp.recurringRun(id);
        assertThat(schedule.at("/trigger/cron_schedule/cron").asText()).isEqualTo("0 */15 2 * * 1-5");
        assertThat(schedule.at("/trigger/cron_schedule/start_time").asText()).isEqualTo("2029-12-31T23:00:00Z");
        assertThat(schedule.at("/trigger/cron_schedule/end_time").asText()).isEqualTo("2031-01-01T00:00:00Z");
        assertThat(schedule.get("max_concurrency").asText()).isEqualTo("1");
        assertThat(schedule.get("no_catchup").asBoolean()).isTrue();
        assertThat(schedule.get("mode").asText()).isEqualTo("ENABLE");
        assertThat(schedule.get("status").asText()).isEqualTo("ENABLED");
        assertThat(schedule.at("/runtime_config/parameters/text").asText()).isEqualTo("scheduled");
    }

    @Test
    void repeatedCreateReturnsTheSameSchedule() {
        String first = platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));
        String second = platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));

        assertThat(second).isEqualTo(first);
        assertThat(kfp.recurringRuns()).hasSize(1);
    }

    @Test
    void updateReplacesTheScheduleWithANewOne() {
        String old = platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));

        String replacement = platform.updateRunSchedule(old, schedule("ns/rc", "s2", "30 * * * *"));

        assertThat(replacement).isNotEqualTo(old);
        assertThat(kfp.recurringRuns()).singleElement().satisfies(r -> {
            assertThat(r.get("recurring_run_id").asText()).isEqualTo(replacement);
            assertThat(r.at("/trigger/cron_schedule/cron").asText()).isEqualTo("0 30 * * * *");
        });
    }

    @Test
    void failedScheduleUpdateKeepsPreviousSchedule() {
        String old = platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));
        kfp.failNext("POST", "/apis/v2beta1/recurringruns", 1, 503, 14, "scheduler unavailable");

        assertThatThrownBy(() -> platform.updateRunSchedule(old, schedule("ns/rc", "s2", "30 * * * *")))
                .isInstanceOf(PlatformUnavailableException.class)
                .hasMessageContaining("scheduler unavailable");

        assertThat(kfp.recurringRuns()).singleElement().satisfies(r -> {
            assertThat(r.get("recurring_run_id").asText()).isEqualTo(old);
            assertThat(r.get("status").asText()).isEqualTo("ENABLED");
        });
    }

    @Test
    void updateRetriedAfterAFailedDeleteFinishesTheReplacement() {
        String old = platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));
        kfp.failNext("DELETE", "/apis/v2beta1/recurringruns/.*", 1, 500, 13, "db hiccup");
        assertThatThrownBy(() -> platform.updateRunSchedule(old, schedule("ns/rc", "s2", "30 * * * *")))
                .isInstanceOf(PlatformUnavailableException.class);

        String replacement = platform.updateRunSchedule(old, schedule("ns/rc", "s2", "30 * * * *"));

        assertThat(kfp.recurringRuns()).singleElement()
                .satisfies(r -> assertThat(r.get("recurring_run_id").asText()).isEqualTo(replacement));
    }

    @Test
    void updateOfAnUnknownScheduleIsNotFoundAndCreatesNothing() {
        assertThatThrownBy(() -> platform.updateRunSchedule("missing", schedule("ns/rc", "s2", "0 * * * *")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(kfp.recurringRuns()).isEmpty();
    }

    @Test
    void invalidCronIsRejectedBeforeCallingKfp() {
        assertThatThrownBy(() -> platform.createRunSchedule(schedule("ns/rc", "s1", "* * *")))
                .isInstanceOf(PlatformRejectedException.class)
                .hasMessageContaining("cronExpression");
        assertThat(kfp.recurringRuns()).isEmpty();
    }

    @Test
    void disableAndEnable() {
        String id = platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));

        platform.disableRunSchedule(id);
        assertThat(kfp.recurringRun(id).get("status").asText()).isEqualTo("DISABLED");

        platform.enableRunSchedule(id);
        assertThat(kfp.recurringRun(id).get("status").asText()).isEqualTo("ENABLED");
    }

    @Test
    void suspendedUpdateDisablesTheRecurringRunAndALaterUpdateEnablesIt() {
        RunScheduleDefinition active = schedule("ns/rc", "s1", "0 * * * *");
        String id = platform.createRunSchedule(active);
        RunScheduleDefinition suspended = new RunScheduleDefinition(active.name(), "s1-suspended", active.pipelineName(),
                active.pipelineVersion(), active.runConfigurationName(), active.experimentName(), active.schedule(), active.parameters(),
                active.artifacts(), active.triggerIndicator(), true);

        assertThat(platform.updateRunSchedule(id, suspended)).isEqualTo(id);
        assertThat(kfp.recurringRun(id).get("status").asText()).isEqualTo("DISABLED");

        String resumed = platform.updateRunSchedule(id, active);
        assertThat(kfp.recurringRuns()).singleElement().satisfies(r -> assertThat(r.get("status").asText()).isEqualTo("ENABLED"));
        assertThat(kfp.recurringRun(resumed).get("status").asText()).isEqualTo("ENABLED");
    }

    @Test
    void deleteRemovesItAndToleratesRepeats() {
        String id = platform.createRunSchedule(schedule("ns/rc", "s1", "0 * * * *"));

        platform.deleteRunSchedule(id);
        platform.deleteRunSchedule(id);

        assertThat(kfp.recurringRuns()).isEmpty();
    }

    // ---- time zone, suspend, concurrency policy, catch-up ----

    @Test
    void suspendedScheduleIsCreatedDisabledAndPausedAndResumedInPlace() {
        String id = platform.createRunSchedule(controlled("s1", new Schedule("0 * * * *", null, null, null, true, null, null)));
        assertThat(kfp.recurringRun(id).get("mode").asText()).isEqualTo("DISABLE");
        assertThat(kfp.recurringRun(id).get("status").asText()).isEqualTo("DISABLED");

        assertThat(platform.updateRunSchedule(id, controlled("s2", new Schedule("0 * * * *", null, null, null, false, null, null))))
                .as("resumed, not replaced").isEqualTo(id);
        assertThat(kfp.recurringRun(id).get("status").asText()).isEqualTo("ENABLED");

        assertThat(platform.updateRunSchedule(id, controlled("s3", new Schedule("0 * * * *", null, null, null, true, null, null))))
                .isEqualTo(id);
        assertThat(kfp.recurringRuns()).singleElement().satisfies(r -> {
            assertThat(r.get("recurring_run_id").asText()).isEqualTo(id);
            assertThat(r.get("status").asText()).isEqualTo("DISABLED");
        });
        assertThat(kfp.violations()).isEmpty();
    }

    @Test
    void adoptedScheduleIsDisabledWhenTheDefinitionIsSuspended() {
        String id = platform.createRunSchedule(controlled("s1", new Schedule("0 * * * *", null, null, null, null, null, null)));

        // The create's answer was lost, the user suspended it meanwhile: the retry finds it and disables it.
        assertThat(platform.createRunSchedule(controlled("s1", new Schedule("0 * * * *", null, null, null, true, null, null)))).isEqualTo(id);

        assertThat(kfp.recurringRuns()).singleElement().extracting(r -> r.get("status").asText()).isEqualTo("DISABLED");
    }

    @Test
    void forbidRunsOneAtATimeAndCatchUpTurnsNoCatchupOff() {
        String id = platform.createRunSchedule(controlled("s1", new Schedule("0 * * * *", null, null, null, null, "Forbid", true)));

        JsonNode recurringRun = kfp.recurringRun(id);
        assertThat(recurringRun.get("max_concurrency").asText()).isEqualTo("1");
        assertThat(recurringRun.get("no_catchup").asBoolean()).isFalse();
        assertThat(kfp.violations()).isEmpty();
    }

    @Test
    void allowRunsUpToTheProvidersMaxConcurrency() {
        KfpPlatform four = platform(Map.of(KfpSettings.MAX_CONCURRENCY, "4"));

        String allow = four.createRunSchedule(controlled("s1", new Schedule("0 * * * *", null, null, null, null, "Allow", null)));

        assertThat(kfp.recurringRun(allow).get("max_concurrency").asText()).isEqualTo("4");
    }

    @Test
    void replaceAndAnotherTimeZoneThanTheSchedulersAreRefusedNamingTheField() {
        assertThatThrownBy(() -> platform.createRunSchedule(controlled("s1", new Schedule("0 * * * *", null, null, null, null, "Replace", null))))
                .isInstanceOf(PlatformRejectedException.class).hasMessageContaining("schedule.concurrencyPolicy Replace");
        assertThatThrownBy(() -> platform.createRunSchedule(controlled("s1",
                new Schedule("0 9 * * *", null, null, "Europe/London", null, null, null))))
                .isInstanceOf(PlatformRejectedException.class).hasMessageContaining("schedule.timeZone 'Europe/London'")
                .hasMessageContaining("CRON_SCHEDULE_TIMEZONE").hasMessageContaining(KfpSettings.CRON_SCHEDULE_TIME_ZONE);
        assertThat(kfp.recurringRuns()).isEmpty();
    }

    @Test
    void scheduleInTheSchedulersOwnTimeZoneIsAccepted() {
        KfpPlatform london = platform(Map.of(KfpSettings.CRON_SCHEDULE_TIME_ZONE, "Europe/London"));

        String id = london.createRunSchedule(controlled("s1", new Schedule("0 9 * * *", null, null, "Europe/London", null, null, null)));

        assertThat(kfp.recurringRun(id).at("/trigger/cron_schedule/cron").asText()).isEqualTo("0 0 9 * * *");
        assertThatThrownBy(() -> london.createRunSchedule(controlled("s2", new Schedule("0 9 * * *", null, null, null, null, null, null))))
                .as("unset means UTC, which this scheduler does not read crons in")
                .isInstanceOf(PlatformRejectedException.class).hasMessageContaining("schedule.timeZone unset (UTC)");
    }

    private static RunScheduleDefinition controlled(String version, Schedule schedule) {
        return new RunScheduleDefinition("ns/rc", version, "ns/pipeline", "v1", "ns/rc", "", schedule, Map.of("text", "hello"), List.of(),
                new TriggerIndicator("schedule", "rc", "ns"));
    }
}
