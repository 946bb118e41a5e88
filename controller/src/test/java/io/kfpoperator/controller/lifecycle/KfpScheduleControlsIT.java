package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.api.v1beta1.RunSchedule;
import io.kfpoperator.controller.testing.ControllerHarness;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import io.kfpoperator.provider.kfp.KfpPlatformFactory;
import io.kfpoperator.provider.kfp.KfpSettings;
import io.kfpoperator.provider.kfp.fake.FakeKfpServer;
import io.kfpoperator.provider.spi.PlatformConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedule controls end to end on the KFP stand-in (every request checked against KFP's v2beta1
 * swagger): a RunConfiguration's schedule, paused and resumed with kubectl-style applies, stays
 * one recurring run that KFP disables and enables; Forbid and catchUp reach it as KFP's fields;
 * a time zone KFP's scheduler does not read crons in fails the RunSchedule naming the field.
 */
class KfpScheduleControlsIT extends ControllerTestBase {

    private static final String PROVIDER_NAME = "kfp-operator/simulated";

    private final FakeKfpServer kfp = new FakeKfpServer();

    @Override
    protected ControllerHarness createHarness() {
        return new ControllerHarness(new KfpPlatformFactory().create(new PlatformConfig(PROVIDER_NAME, "gs://bucket/pipeline-root",
                Map.of(KfpSettings.REST_KFP_API_URL, kfp.baseUrl()))));
    }

    @AfterEach
    void noRequestOffTheSwagger() {
        try {
            assertThat(kfp.api().violations()).as("KFP exchanges against the v2beta1 swagger").isEmpty();
        } finally {
            kfp.close();
        }
    }

    private static String runConfiguration(String schedule) {
        return """
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: mornings, namespace: default}
                spec:
                  run: {provider: kfp-operator/simulated, pipeline: hello}
                  triggers:
                    schedules:
                      - %s
                """.formatted(schedule);
    }

    private List<RunSchedule> schedules() {
        return harness.client.resources(RunSchedule.class).inNamespace("default").list().getItems();
    }

    @Test
    void aPausedScheduleIsTheSameRecurringRunDisabledThenEnabled() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply(runConfiguration("{cronExpression: \"30 6 * * 1-5\", concurrencyPolicy: Forbid, catchUp: true}"));
        awaitState(RunConfiguration.class, "mornings", SynchronizationState.SUCCEEDED);
        eventually().until(() -> kfp.api().recurringRuns().size() == 1);
        JsonNode created = kfp.api().recurringRuns().get(0);
        String id = created.path("recurring_run_id").asText();
        assertThat(created.path("max_concurrency").asText()).isEqualTo("1");
        assertThat(created.path("no_catchup").asBoolean()).isFalse();
        assertThat(created.path("status").asText()).isEqualTo("ENABLED");

        harness.apply(runConfiguration("{cronExpression: \"30 6 * * 1-5\", concurrencyPolicy: Forbid, catchUp: true, suspend: true}"));
        eventually().until(() -> "DISABLED".equals(kfp.api().recurringRun(id).path("status").asText()));
        awaitState(RunSchedule.class, schedules().get(0).getMetadata().getName(), SynchronizationState.SUCCEEDED);
        assertThat(schedules()).singleElement().satisfies(rs -> assertThat(rs.getStatus().getProvider().getId()).isEqualTo(id));

        harness.apply(runConfiguration("{cronExpression: \"30 6 * * 1-5\", concurrencyPolicy: Forbid, catchUp: true}"));
        eventually().until(() -> "ENABLED".equals(kfp.api().recurringRun(id).path("status").asText()));
        assertThat(kfp.api().recurringRuns()).as("the one recurring run, never replaced").singleElement()
                .extracting(r -> r.path("recurring_run_id").asText()).isEqualTo(id);
    }

    @Test
    void aTimeZoneKfpsSchedulerDoesNotUseFailsTheRunScheduleNamingTheField() {
        harness.apply(Manifests.staticPipeline("hello", "hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        harness.apply(runConfiguration("{cronExpression: \"30 6 * * 1-5\", timeZone: Europe/London}"));

        eventually().until(() -> schedules().size() == 1);
        RunSchedule failed = awaitState(RunSchedule.class, schedules().get(0).getMetadata().getName(), SynchronizationState.FAILED);
        assertThat(messageOf(failed)).contains("schedule.timeZone 'Europe/London'").contains("CRON_SCHEDULE_TIMEZONE");
        assertThat(kfp.api().recurringRuns()).isEmpty();
    }
}
