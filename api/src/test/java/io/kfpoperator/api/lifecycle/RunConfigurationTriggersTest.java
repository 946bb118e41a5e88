package io.kfpoperator.api.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.api.lifecycle.RunConfigurationTriggers.Evaluation;
import io.kfpoperator.api.lifecycle.RunConfigurationTriggers.Trigger;
import io.kfpoperator.api.v1beta1.OnChangeTrigger;
import io.kfpoperator.api.v1beta1.RunReference;
import io.kfpoperator.api.v1beta1.TriggeredRunReference;
import io.kfpoperator.api.v1beta1.TriggersStatus;
import io.kfpoperator.api.v1beta1.VersionReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a RunConfiguration starts a run. */
class RunConfigurationTriggersTest {

    private static Evaluation evaluate(List<OnChangeTrigger> onChange, List<String> rcs, String runSpec, String pipeline,
                                       Map<String, RunReference> dependencies, TriggersStatus previous) {
        return RunConfigurationTriggers.evaluate("team", "rc", "penguin", onChange, rcs, runSpec, pipeline, dependencies, previous);
    }

    private static TriggersStatus recorded(String pipeline, String runSpec, Map<String, String> providerIds) {
        TriggersStatus t = new TriggersStatus();
        if (pipeline != null) {
            t.setPipeline(new VersionReference().withVersion(pipeline));
        }
        if (runSpec != null) {
            t.setRunSpec(new VersionReference().withVersion(runSpec));
        }
        if (providerIds != null) {
            java.util.LinkedHashMap<String, TriggeredRunReference> refs = new java.util.LinkedHashMap<>();
            providerIds.forEach((k, v) -> refs.put(k, new TriggeredRunReference().withProviderId(v)));
            t.setRunConfigurations(refs);
        }
        return t;
    }

    @Test
    void firstSightOfAPipelineVersionStartsARun() {
        Evaluation e = evaluate(List.of(OnChangeTrigger.PIPELINE), null, "aaa", "v1-111", Map.of(), null);
        assertThat(e.changed()).isTrue();
        assertThat(e.trigger()).contains(new Trigger(Trigger.ON_CHANGE_PIPELINE, "penguin", "team"));
        assertThat(e.triggers().getPipeline().getVersion()).isEqualTo("v1-111");
    }

    @Test
    void unchangedTriggersDoNothing() {
        Evaluation e = evaluate(List.of(OnChangeTrigger.PIPELINE), null, "aaa", "v1-111", Map.of(), recorded("v1-111", null, null));
        assertThat(e.changed()).isFalse();
        assertThat(e.trigger()).isEmpty();
    }

    @Test
    void unknownPipelineVersionDoesNotTrigger() {
        Evaluation e = evaluate(List.of(OnChangeTrigger.PIPELINE), null, "aaa", "", Map.of(), null);
        assertThat(e.trigger()).isEmpty();
    }

    @Test
    void runSpecChangeWinsOverPipelineChange() {
        Evaluation e = evaluate(List.of(OnChangeTrigger.PIPELINE, OnChangeTrigger.RUN_SPEC), null, "bbb", "v2-222", Map.of(),
                recorded("v1-111", "aaa", null));
        assertThat(e.trigger()).contains(new Trigger(Trigger.ON_CHANGE_RUN_SPEC, "rc", "team"));
    }

    @Test
    void pipelineChangeWithoutOnChangePipelineDoesNotTrigger() {
        Evaluation e = evaluate(List.of(), null, "aaa", "v2-222", Map.of(), null);
        assertThat(e.changed()).isFalse();
    }

    @Test
    void newRunOfAnObservedTriggerRunConfigurationStartsARun() {
        Map<String, RunReference> deps = Map.of("other/base", new RunReference().withProviderId("run-2"));
        Evaluation e = evaluate(null, List.of("other/base"), "aaa", "v1", deps, recorded(null, null, Map.of("other/base", "run-1")));
        assertThat(e.trigger()).contains(new Trigger(Trigger.RUN_CONFIGURATION, "base", "other"));
        assertThat(e.triggers().getRunConfigurations().get("other/base").getProviderId()).isEqualTo("run-2");
    }

    @Test
    void firstRunOfAnObservedTriggerWithoutRunsStartsARun() {
        Map<String, RunReference> deps = Map.of("base", new RunReference().withProviderId("run-1"));
        java.util.Map<String, String> none = new java.util.HashMap<>();
        none.put("base", null);
        Evaluation e = evaluate(null, List.of("base"), "aaa", "v1", deps, recorded(null, null, none));
        assertThat(e.trigger()).contains(new Trigger(Trigger.RUN_CONFIGURATION, "base", "team"));
    }

    @Test
    void newlyListedTriggerIsRecordedButDoesNotFire() {
        Map<String, RunReference> deps = Map.of("base", new RunReference().withProviderId("run-1"));
        Evaluation e = evaluate(null, List.of("base"), "aaa", "v1", deps, null);
        assertThat(e.changed()).isTrue();
        assertThat(e.trigger()).isEqualTo(Optional.empty());
    }

    @Test
    void schedulesAggregateFailedFirstThenInFlight() {
        assertThat(ScheduleAggregation.aggregate(List.of(), null).state()).isEqualTo(SynchronizationState.SUCCEEDED);
        assertThat(ScheduleAggregation.aggregate(List.of(
                new ScheduleAggregation.ScheduleState(SynchronizationState.SUCCEEDED, ""),
                new ScheduleAggregation.ScheduleState(SynchronizationState.CREATING, "")), null))
                .isEqualTo(SyncResult.of(SynchronizationState.UPDATING, ScheduleAggregation.WAITING_FOR_SCHEDULES, null, null));
        assertThat(ScheduleAggregation.aggregate(List.of(
                new ScheduleAggregation.ScheduleState(SynchronizationState.CREATING, ""),
                new ScheduleAggregation.ScheduleState(SynchronizationState.FAILED, "bad cron")), null))
                .isEqualTo(SyncResult.of(SynchronizationState.FAILED, "bad cron", null, null));
    }

    private static Evaluation runNow(String token, TriggersStatus previous) {
        return RunConfigurationTriggers.evaluate("team", "rc", "penguin", List.of(), null, "aaa", "v1", Map.of(), previous, token);
    }

    @Test
    void aNewRunNowTokenStartsOneRunAndIsRecorded() {
        Evaluation e = runNow("2026-01-01T10:00:00Z", null);
        assertThat(e.trigger()).contains(new Trigger(Trigger.RUN_NOW, "rc", "team"));
        assertThat(e.triggers().getRunNow()).isEqualTo("2026-01-01T10:00:00Z");

        Evaluation again = runNow("2026-01-01T10:00:00Z", e.triggers());
        assertThat(again.changed()).isFalse();
        assertThat(again.trigger()).isEmpty();
    }

    @Test
    void removingTheRunNowAnnotationKeepsTheTokenSoPuttingItBackStartsNothing() {
        TriggersStatus handled = new TriggersStatus().withRunNow("t1");
        assertThat(runNow(null, handled).changed()).isFalse();
        assertThat(runNow("t1", handled).trigger()).isEmpty();
        assertThat(runNow("t2", handled).trigger()).contains(new Trigger(Trigger.RUN_NOW, "rc", "team"));
    }

    @Test
    void runNowNamesTheRunEvenWhenTheRunSpecChangedToo() {
        Evaluation e = RunConfigurationTriggers.evaluate("team", "rc", "penguin", List.of(OnChangeTrigger.RUN_SPEC), null, "bbb", "v1", Map.of(),
                recorded(null, "aaa", null).withRunNow("t1"), "t2");
        assertThat(e.trigger()).contains(new Trigger(Trigger.RUN_NOW, "rc", "team"));
        assertThat(e.triggers().getRunSpec().getVersion()).isEqualTo("bbb");
    }
}
