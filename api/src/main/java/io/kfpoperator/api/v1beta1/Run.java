package io.kfpoperator.api.v1beta1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.generator.annotation.ValidationRule;

/** A single run of a pipeline; its spec is immutable. */
@Group(Groups.PIPELINES)
@Version(value = Groups.V1BETA1, storage = true, served = true)
@Plural("runs")
@ShortNames("mlr")
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".status.provider.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SynchronizationState", jsonPath = ".status.conditions[?(@.type==\"Synchronized\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "CompletionState", jsonPath = ".status.completionState", type = AdditionalPrinterColumn.Type.STRING)
@ValidationRule(value = "self.spec == oldSelf.spec", message = "spec is immutable")
public class Run extends CustomResource<RunSpec, RunStatus> implements Namespaced {
}
