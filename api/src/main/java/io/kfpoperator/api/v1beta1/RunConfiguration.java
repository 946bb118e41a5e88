package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A run template with triggers (schedules, changes, other RunConfigurations) that start runs. */
@Group(Groups.PIPELINES)
@Version(value = Groups.V1BETA1, storage = true, served = true)
@Plural("runconfigurations")
@ShortNames("mlrc")
@AdditionalPrinterColumn(name = "SynchronizationState", jsonPath = ".status.conditions[?(@.type==\"Synchronized\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".status.provider", type = AdditionalPrinterColumn.Type.STRING)
@JsonClassDescription("A run template and the triggers that start runs of it: cron schedules (each kept as a RunSchedule), changes of the pipeline or of the run spec, and new succeeded runs of other RunConfigurations.")
public class RunConfiguration extends CustomResource<RunConfigurationSpec, RunConfigurationStatus> implements Namespaced {

    /**
     * Annotation whose every new value starts one Run of the RunConfiguration (its value is an
     * opaque token, e.g. a timestamp); the value acted on is recorded in status.triggers.runNow.
     */
    public static final String RUN_NOW_ANNOTATION = "pipelines.kubeflow.org/run-now";

    // Overridden only to describe spec and status in the CRD: crd-generator reads the descriptions from here.

    @Override
    @JsonPropertyDescription("The run to start and what starts it.")
    public RunConfigurationSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the RunConfiguration resolved, what its triggers last acted on and its latest runs. Written by the controller.")
    public RunConfigurationStatus getStatus() {
        return super.getStatus();
    }
}
