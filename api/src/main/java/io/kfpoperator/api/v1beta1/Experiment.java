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

/** An experiment on the ML platform that runs are grouped under. */
@Group(Groups.PIPELINES)
@Version(value = Groups.V1BETA1, storage = true, served = true)
@Plural("experiments")
@ShortNames("mlexp")
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".status.provider.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SynchronizationState", jsonPath = ".status.conditions[?(@.type==\"Synchronized\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version", type = AdditionalPrinterColumn.Type.STRING)
@JsonClassDescription("An experiment on the ML platform that runs and run schedules are grouped under (their experimentName).")
public class Experiment extends CustomResource<ExperimentSpec, Status> implements Namespaced {

    // Overridden only to describe spec and status in the CRD: crd-generator reads the descriptions from here.

    @Override
    @JsonPropertyDescription("The experiment: its Provider and description.")
    public ExperimentSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator last did with the experiment on its platform: the version synchronised, the platform's experiment id and the Synchronized condition. Written by the controller.")
    public Status getStatus() {
        return super.getStatus();
    }
}
