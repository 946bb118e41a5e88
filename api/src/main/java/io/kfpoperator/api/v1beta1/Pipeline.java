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

/** A machine-learning pipeline: its code image and how to compile it. */
@Group(Groups.PIPELINES)
@Version(value = Groups.V1BETA1, storage = true, served = true)
@Plural("pipelines")
@ShortNames("mlp")
@AdditionalPrinterColumn(name = "Provider", jsonPath = ".status.provider.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SynchronizationState", jsonPath = ".status.conditions[?(@.type==\"Synchronized\")].reason", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.version", type = AdditionalPrinterColumn.Type.STRING)
@JsonClassDescription("A machine-learning pipeline: the container image holding its code and the framework that compiles it. The operator compiles it and uploads each new version to the ML platform of its Provider.")
public class Pipeline extends CustomResource<PipelineSpec, Status> implements Namespaced {

    // Overridden only to describe spec and status in the CRD: crd-generator reads the descriptions from here.

    @Override
    @JsonPropertyDescription("The pipeline: its Provider, code image, compiler environment and framework. A change makes a new pipeline version.")
    public PipelineSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("What the operator last did with the pipeline on its platform: the version synchronised, the platform's pipeline id and the Synchronized condition. Written by the controller.")
    public Status getStatus() {
        return super.getStatus();
    }
}
