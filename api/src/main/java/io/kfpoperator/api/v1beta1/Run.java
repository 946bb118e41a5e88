package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A single run of a pipeline; its spec is immutable. */
@Group(Groups.PIPELINES)
@Version(value = Groups.V1BETA1, storage = true, served = true)
@Plural("runs")
@ShortNames("mlr")
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".status.provider.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SynchronizationState", jsonPath = ".status.conditions[?(@.type==\"Synchronized\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "CompletionState", jsonPath = ".status.completionState", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Attempts", jsonPath = ".status.attempt", type = AdditionalPrinterColumn.Type.INTEGER)
@ValidationRule(value = "self.spec == oldSelf.spec", message = "spec is immutable")
@JsonClassDescription("A single run of a pipeline. Its spec cannot change after creation: delete the Run and create another instead.")
public class Run extends CustomResource<RunSpec, RunStatus> implements Namespaced {

    // Overridden only to describe spec and status in the CRD: crd-generator reads the descriptions from here.

    @Override
    @JsonPropertyDescription("What to run: Provider, pipeline, experiment, parameters and artifacts to report. Immutable: the API server rejects any change (CEL rule self.spec == oldSelf.spec).")
    public RunSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The run's progress: synchronisation with the platform, the dependencies it resolved and, once it finished, its completion state. Written by the controller.")
    public RunStatus getStatus() {
        return super.getStatus();
    }
}
