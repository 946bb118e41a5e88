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

/** A provider service for one ML platform; the controller runs it as a Deployment and Service. */
@Group(Groups.PIPELINES)
@Version(value = Groups.V1BETA1, storage = true, served = true)
@Plural("providers")
@ShortNames("mlprv")
@AdditionalPrinterColumn(name = "SynchronizationState", jsonPath = ".status.conditions[?(@.type == 'Synchronized')].reason", type = AdditionalPrinterColumn.Type.STRING)
@JsonClassDescription("A provider service for one ML platform (Kubeflow Pipelines, Vertex AI and others). The controller runs it as a Deployment and Service in the Provider's namespace; the other kinds name it in spec.provider as namespace/name.")
public class Provider extends CustomResource<ProviderSpec, Status> implements Namespaced {

    // Overridden only to describe spec and status in the CRD: crd-generator reads the descriptions from here.

    @Override
    @JsonPropertyDescription("The provider service: its image, service account, platform settings, the frameworks it compiles and additions to its pod.")
    public ProviderSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("Whether the controller has the provider service running: the version synchronised and the Synchronized condition. Written by the controller.")
    public Status getStatus() {
        return super.getStatus();
    }
}
