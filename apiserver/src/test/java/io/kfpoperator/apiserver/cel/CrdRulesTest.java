package io.kfpoperator.apiserver.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.kfpoperator.apiserver.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each x-kubernetes-validations rule of our CRDs, on real objects, with the errors kube-apiserver reports. */
class CrdRulesTest {

    private static final CelValidator RUN_CONFIGURATIONS = Crds.validator("runconfigurations");
    private static final CelValidator RUNS = Crds.validator("runs");
    private static final CelValidator RUN_SCHEDULES = Crds.validator("runschedules");

    @ParameterizedTest
    @ValueSource(strings = {"providers", "pipelines", "experiments", "runconfigurations", "runschedules", "runs"})
    void everyCrdCompiles(String plural) {
        assertThatCode(() -> Crds.validator(plural)).doesNotThrowAnyException();
    }

    private static JsonNode runConfiguration(String triggers) {
        return Crds.yaml("""
                apiVersion: pipelines.kubeflow.org/v1beta1
                kind: RunConfiguration
                metadata: {name: rc, namespace: default}
                spec:
                  run:
                    provider: kfp-namespace/kfp
                    pipeline: training:v1
                    parameters:
                    - {name: a, value: "1"}
                    - {name: b, valueFrom: {runConfigurationRef: {name: other, outputArtifact: model}}}
                  triggers:
                """ + triggers.indent(4));
    }

    @Test
    void aValidRunConfigurationPasses() {
        JsonNode rc = runConfiguration("""
                onChange: [pipeline, runSpec]
                schedules:
                - {cronExpression: "0 * * * *"}
                - {cronExpression: "0 0 * * *", startTime: "2024-01-01T00:00:00Z", endTime: "2024-02-01T00:00:00Z"}
                """);
        assertThat(RUN_CONFIGURATIONS.validate(rc, null)).isEmpty();
        assertThat(RUN_CONFIGURATIONS.validate(rc, rc)).isEmpty();
    }

    @Test
    void aDuplicateScheduleIsRefusedAtTheListWithTheRulesMessage() {
        List<FieldError> errors = RUN_CONFIGURATIONS.validate(runConfiguration("""
                schedules:
                - {cronExpression: "0 * * * *"}
                - {cronExpression: "0 0 * * *"}
                - {cronExpression: "0 * * * *"}
                """), null);
        assertThat(errors).containsExactly(FieldError.invalid("spec.triggers.schedules", null, "duplicate schedule"));
        // kube-apiserver 1.34+ leaves the value of objects and lists out of the message
        assertThat(errors.get(0)).hasToString("spec.triggers.schedules: Invalid value: duplicate schedule");
        assertThat(errors.get(0).type().reason()).isEqualTo("FieldValueInvalid");
    }

    @Test
    void schedulesThatDifferInAnyFieldAreNotDuplicates() {
        assertThat(RUN_CONFIGURATIONS.validate(runConfiguration("""
                schedules:
                - {cronExpression: "0 * * * *"}
                - {cronExpression: "0 * * * *", startTime: "2024-01-01T00:00:00Z"}
                """), null)).isEmpty();
    }

    @Test
    void onChangeIsASetCheckedByTheSchemaNotByARule() {
        // x-kubernetes-list-type: set: the structural schema reports duplicates, so no CEL rule (and no cost) is needed.
        assertThat(RUN_CONFIGURATIONS.validate(runConfiguration("onChange: [pipeline, runSpec, pipeline]"), null)).isEmpty();
    }

    @Test
    void aParameterWithBothValueAndValueFromIsRefusedAtTheItem() {
        JsonNode rc = runConfiguration("onChange: [pipeline]");
        ((com.fasterxml.jackson.databind.node.ObjectNode) rc.at("/spec/run/parameters/1")).put("value", "2");
        assertThat(RUN_CONFIGURATIONS.validate(rc, null)).containsExactly(
                FieldError.invalid("spec.run.parameters[1]", null, "set either value or valueFrom, not both"));
    }

    @Test
    void aRunParameterWithBothValueAndValueFromIsRefused() {
        JsonNode run = Crds.yaml("""
                spec:
                  provider: ns/p
                  parameters:
                  - {name: a, value: "1", valueFrom: {runConfigurationRef: {name: rc, outputArtifact: m}}}
                """);
        assertThat(RUNS.validate(run, null)).extracting(FieldError::toString)
                .containsExactly("spec.parameters[0]: Invalid value: set either value or valueFrom, not both");
    }

    @Test
    void aScheduleEndingBeforeItStartsIsRefusedAtTheSchedule() {
        List<FieldError> errors = RUN_CONFIGURATIONS.validate(runConfiguration("""
                schedules:
                - {cronExpression: "0 * * * *", startTime: "2024-02-01T00:00:00Z", endTime: "2024-02-01T00:00:00Z"}
                - {cronExpression: "0 0 * * *", startTime: "2024-02-01T00:00:00Z", endTime: "2024-01-01T00:00:00Z"}
                - {cronExpression: "0 1 * * *", startTime: "2024-02-01T00:00:00Z"}
                - {cronExpression: "0 2 * * *", endTime: "2024-01-01T00:00:00Z"}
                """), null);
        assertThat(errors).containsExactly(
                FieldError.invalid("spec.triggers.schedules[0]", null, "endTime must be after startTime"),
                FieldError.invalid("spec.triggers.schedules[1]", null, "endTime must be after startTime"));
    }

    @Test
    void aRunScheduleEndingBeforeItStartsIsRefused() {
        JsonNode rs = Crds.yaml("""
                spec:
                  provider: ns/p
                  schedule: {cronExpression: "0 * * * *", startTime: "2024-02-01T01:00:00+01:00", endTime: "2024-01-31T23:30:00Z"}
                """);
        assertThat(RUN_SCHEDULES.validate(rs, null))
                .containsExactly(FieldError.invalid("spec.schedule", null, "endTime must be after startTime"));
        // offsets count: 01:00+01:00 is 00:00Z, so 01:30+01:00 is after it
        ((com.fasterxml.jackson.databind.node.ObjectNode) rs.at("/spec/schedule")).put("endTime", "2024-02-01T01:30:00+01:00");
        assertThat(RUN_SCHEDULES.validate(rs, null)).isEmpty();
    }

    @Test
    void aStartTimeThatIsNoTimestampIsAnEvaluationErrorOfTheRule() {
        List<FieldError> errors = RUN_SCHEDULES.validate(Crds.yaml("""
                spec:
                  provider: ns/p
                  schedule: {cronExpression: "0 * * * *", startTime: "tomorrow", endTime: "2024-01-31T23:30:00Z"}
                """), null);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).field()).isEqualTo("spec.schedule");
        // kube-apiserver: field.Invalid(path, <schema type>, "<error> evaluating rule: <message>")
        assertThat(errors.get(0).toString()).startsWith("spec.schedule: Invalid value: \"object\": ")
                .endsWith(" evaluating rule: endTime must be after startTime");
    }

    private static final JsonNode RUN = Crds.yaml("""
            apiVersion: pipelines.kubeflow.org/v1beta1
            kind: Run
            metadata: {name: r, namespace: default}
            spec:
              provider: ns/p
              pipeline: training:v1
              parameters: [{name: a, value: "1"}]
            """);

    @Test
    void aRunSpecChangeIsRefusedOnUpdate() {
        JsonNode changed = RUN.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.at("/spec/parameters/0")).put("value", "2");
        List<FieldError> errors = RUNS.validate(changed, RUN);
        // a rule at the root reports at kube-apiserver's nil path
        assertThat(errors).extracting(FieldError::toString).containsExactly("<nil>: Invalid value: spec is immutable");
    }

    @Test
    void theRunSpecRuleDoesNotRunOnCreate() {
        assertThat(RUNS.validate(RUN, null)).isEmpty();
    }

    @Test
    void aRunStatusChangeIsAllowed() {
        JsonNode withStatus = RUN.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withStatus).set("status", Crds.yaml("{completionState: Succeeded}"));
        assertThat(RUNS.validate(withStatus, RUN)).isEmpty();
    }

    @Test
    void anUnchangedInvalidValueOnlyWarnsOnUpdate() {
        // kube-apiserver ratchets: a value that was already invalid and is left as it was does not block an update
        JsonNode old = runConfiguration("""
                schedules:
                  - {cronExpression: "0 * * * *"}
                  - {cronExpression: "0 * * * *"}
                """);
        JsonNode updated = old.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) updated.at("/spec/run")).put("experimentName", "e");
        CelValidator.Result result = RUN_CONFIGURATIONS.evaluate(updated, old);
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).containsExactly(
                FieldError.invalid("spec.triggers.schedules", null, "duplicate schedule"));
        // the same object is refused when created
        assertThat(RUN_CONFIGURATIONS.validate(updated, null)).hasSize(1);
    }
}
