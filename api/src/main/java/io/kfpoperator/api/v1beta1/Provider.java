package io.kfpoperator.api.v1beta1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A provider service for one ML platform; the controller runs it as a Deployment and Service. */
@Group(Groups.PIPELINES)
@Version(value = Groups.V1BETA1, storage = true, served = true)
@Plural("providers")
@ShortNames("mlprv")
@AdditionalPrinterColumn(name = "SynchronizationState", jsonPath = ".status.conditions[?(@.type == 'Synchronized')].reason", type = AdditionalPrinterColumn.Type.STRING)
public class Provider extends CustomResource<ProviderSpec, Status> implements Namespaced {
}
