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

/** A schedule of runs on the ML platform, normally owned by a RunConfiguration. */
@Group(Groups.PIPELINES)
@Version(value = Groups.V1BETA1, storage = true, served = true)
@Plural("runschedules")
@ShortNames("mlrs")
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".status.provider.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SynchronizationState", jsonPath = ".status.conditions[?(@.type==\"Synchronized\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version", type = AdditionalPrinterColumn.Type.STRING)
// Priority 1: shown by `kubectl get -o wide` only, so the default columns stay upstream's.
@AdditionalPrinterColumn(name = "Suspended", jsonPath = ".spec.schedule.suspend", type = AdditionalPrinterColumn.Type.BOOLEAN, priority = 1)
@JsonClassDescription("A schedule of runs on the ML platform. A RunConfiguration keeps one per entry of its triggers.schedules; one can also be applied directly.")
public class RunSchedule extends CustomResource<RunScheduleSpec, RunScheduleStatus> implements Namespaced {

    // Overridden only to describe spec and status in the CRD: crd-generator reads the descriptions from here.

    @Override
    @JsonPropertyDescription("What to run and when: Provider, pipeline, experiment, parameters (plain values), artifacts and the schedule.")
    public RunScheduleSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator last did with the schedule on its platform: the version synchronised, the platform's schedule id, the Synchronized condition and whether the schedule is suspended. Written by the controller.")
    public RunScheduleStatus getStatus() {
        return super.getStatus();
    }
}
