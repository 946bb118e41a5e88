package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kfpoperator.api.crd.ItemMaxLength;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A Provider: the provider service that speaks to one ML platform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderSpec {

    @Required
    @JsonPropertyDescription("Image of the provider service the controller runs for this Provider, e.g. ghcr.io/kfp-operator/kfp-operator:0.1.0 (one image serves every platform). At most 1024 characters: the longest valid image reference fits.")
    @Size(max = Bounds.IMAGE)
    private String serviceImage;

    /** Deprecated upstream field; accepted and ignored. */
    @JsonPropertyDescription("Deprecated and ignored; accepted so that the Go operator's manifests apply unchanged. At most 63 characters.")
    @Size(max = Bounds.LABEL)
    private String executionMode;

    /** direct or argo; unset means the operator's default. */
    @JsonPropertyDescription("How the controller runs this Provider's platform calls: direct (the controller calls the provider service) or argo (each call runs as an Argo Workflow of the kfp-provider-workflows templates). Unset: the controller's defaultExecutionEngine, direct unless configured.")
    private ExecutionEngine executionEngine;

    /** kfp-operator or go; unset means ours. */
    @JsonPropertyDescription("Which provider REST contract serviceImage speaks: kfp-operator (this operator's provider image: run-completion events carry the bearer token, creates are idempotent) or go (a provider image of the Go operator, sky-uk/kfp-operator: its events are accepted without the bearer token, its HTTP 500 answers are read as it means them, and a create whose answer was lost is not sent again). Unset: kfp-operator. See docs/migration.md.")
    private ServiceContract serviceContract;

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Service account, in the Provider's namespace, that the provider service runs as; it needs access to the platform. At most 253 characters, a Kubernetes object name.")
    @Size(max = Bounds.NAME)
    private String serviceAccount;

    @Required
    @JsonPropertyDescription("Where pipeline runs write their outputs, e.g. gs://my-bucket/pipeline-root; given to the provider service as PIPELINEROOTSTORAGE. At most 4096 characters.")
    @Size(max = Bounds.URI)
    private String pipelineRootStorage;

    @JsonPropertyDescription("Platform settings, any JSON values, given to the provider service as environment variables PARAMETERS_<KEY> (the key in upper case; e.g. restKfpApiUrl for Kubeflow Pipelines, vaiProject for Vertex AI; see docs/providers). At most 100 entries.")
    @Size(max = Bounds.PROVIDER_PARAMETERS)
    private Map<String, JsonNode> parameters;

    @JsonPropertyDescription("Pipeline frameworks this Provider compiles, each with its compiler image; static needs no entry. Names must be unique. At most 64 entries.")
    @Size(max = Bounds.FRAMEWORKS)
    private List<Framework> frameworks;

    @JsonPropertyDescription("Namespaces whose resources may use this Provider; unset or empty allows every namespace. At most 1024 namespaces of at most 63 characters each.")
    @Size(max = Bounds.ALLOWED_NAMESPACES)
    @ItemMaxLength(Bounds.LABEL)
    private List<String> allowedNamespaces;

    @JsonPropertyDescription("Environment variables of the provider service's container, applied over the operator's defaults and its own (PROVIDERNAME, PIPELINEROOTSTORAGE, PARAMETERS_*): an entry replaces one of the same name. At most 1024 entries.")
    @Size(max = Bounds.POD_ENV)
    private List<EnvVar> podTemplateEnv;

    @JsonPropertyDescription("Volumes of the provider service's pod, e.g. a projected service-account token; an entry replaces a default volume of the same name. At most 256 entries.")
    @Size(max = Bounds.POD_VOLUMES)
    private List<Volume> podTemplateVolumes;

    @JsonPropertyDescription("Volume mounts of the provider service's container; an entry replaces a default mount at the same mountPath. At most 256 entries.")
    @Size(max = Bounds.POD_VOLUME_MOUNTS)
    private List<VolumeMount> podTemplateVolumeMounts;

    public String getServiceImage() {
        return serviceImage;
    }

    public void setServiceImage(String serviceImage) {
        this.serviceImage = serviceImage;
    }

    public ProviderSpec withServiceImage(String serviceImage) {
        this.serviceImage = serviceImage;
        return this;
    }

    public String getExecutionMode() {
        return executionMode;
    }

    public void setExecutionMode(String executionMode) {
        this.executionMode = executionMode;
    }

    public ProviderSpec withExecutionMode(String executionMode) {
        this.executionMode = executionMode;
        return this;
    }

    public ExecutionEngine getExecutionEngine() {
        return executionEngine;
    }

    public void setExecutionEngine(ExecutionEngine executionEngine) {
        this.executionEngine = executionEngine;
    }

    public ProviderSpec withExecutionEngine(ExecutionEngine executionEngine) {
        this.executionEngine = executionEngine;
        return this;
    }

    public ServiceContract getServiceContract() {
        return serviceContract;
    }

    public void setServiceContract(ServiceContract serviceContract) {
        this.serviceContract = serviceContract;
    }

    public ProviderSpec withServiceContract(ServiceContract serviceContract) {
        this.serviceContract = serviceContract;
        return this;
    }

    public String getServiceAccount() {
        return serviceAccount;
    }

    public void setServiceAccount(String serviceAccount) {
        this.serviceAccount = serviceAccount;
    }

    public ProviderSpec withServiceAccount(String serviceAccount) {
        this.serviceAccount = serviceAccount;
        return this;
    }

    public String getPipelineRootStorage() {
        return pipelineRootStorage;
    }

    public void setPipelineRootStorage(String pipelineRootStorage) {
        this.pipelineRootStorage = pipelineRootStorage;
    }

    public ProviderSpec withPipelineRootStorage(String pipelineRootStorage) {
        this.pipelineRootStorage = pipelineRootStorage;
        return this;
    }

    public Map<String, JsonNode> getParameters() {
        return parameters;
    }

    public void setParameters(Map<String, JsonNode> parameters) {
        this.parameters = parameters;
    }

    public ProviderSpec withParameters(Map<String, JsonNode> parameters) {
        this.parameters = parameters;
        return this;
    }

    public List<Framework> getFrameworks() {
        return frameworks;
    }

    public void setFrameworks(List<Framework> frameworks) {
        this.frameworks = frameworks;
    }

    public ProviderSpec withFrameworks(List<Framework> frameworks) {
        this.frameworks = frameworks;
        return this;
    }

    public List<String> getAllowedNamespaces() {
        return allowedNamespaces;
    }

    public void setAllowedNamespaces(List<String> allowedNamespaces) {
        this.allowedNamespaces = allowedNamespaces;
    }

    public ProviderSpec withAllowedNamespaces(List<String> allowedNamespaces) {
        this.allowedNamespaces = allowedNamespaces;
        return this;
    }

    public List<EnvVar> getPodTemplateEnv() {
        return podTemplateEnv;
    }

    public void setPodTemplateEnv(List<EnvVar> podTemplateEnv) {
        this.podTemplateEnv = podTemplateEnv;
    }

    public ProviderSpec withPodTemplateEnv(List<EnvVar> podTemplateEnv) {
        this.podTemplateEnv = podTemplateEnv;
        return this;
    }

    public List<Volume> getPodTemplateVolumes() {
        return podTemplateVolumes;
    }

    public void setPodTemplateVolumes(List<Volume> podTemplateVolumes) {
        this.podTemplateVolumes = podTemplateVolumes;
    }

    public ProviderSpec withPodTemplateVolumes(List<Volume> podTemplateVolumes) {
        this.podTemplateVolumes = podTemplateVolumes;
        return this;
    }

    public List<VolumeMount> getPodTemplateVolumeMounts() {
        return podTemplateVolumeMounts;
    }

    public void setPodTemplateVolumeMounts(List<VolumeMount> podTemplateVolumeMounts) {
        this.podTemplateVolumeMounts = podTemplateVolumeMounts;
    }

    public ProviderSpec withPodTemplateVolumeMounts(List<VolumeMount> podTemplateVolumeMounts) {
        this.podTemplateVolumeMounts = podTemplateVolumeMounts;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || getClass() != o.getClass()) {
            return false;
        }
        ProviderSpec that = (ProviderSpec) o;
        return Objects.equals(serviceImage, that.serviceImage) && Objects.equals(executionMode, that.executionMode) && Objects.equals(executionEngine, that.executionEngine) && Objects.equals(serviceContract, that.serviceContract) && Objects.equals(serviceAccount, that.serviceAccount) && Objects.equals(pipelineRootStorage, that.pipelineRootStorage) && Objects.equals(parameters, that.parameters) && Objects.equals(frameworks, that.frameworks) && Objects.equals(allowedNamespaces, that.allowedNamespaces) && Objects.equals(podTemplateEnv, that.podTemplateEnv) && Objects.equals(podTemplateVolumes, that.podTemplateVolumes) && Objects.equals(podTemplateVolumeMounts, that.podTemplateVolumeMounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serviceImage, executionMode, executionEngine, serviceContract, serviceAccount, pipelineRootStorage, parameters, frameworks, allowedNamespaces, podTemplateEnv, podTemplateVolumes, podTemplateVolumeMounts);
    }

    @Override
    public String toString() {
        return "ProviderSpec{" + "serviceImage=" + serviceImage + ", " + "executionMode=" + executionMode + ", " + "executionEngine=" + executionEngine + ", " + "serviceContract=" + serviceContract + ", " + "serviceAccount=" + serviceAccount + ", " + "pipelineRootStorage=" + pipelineRootStorage + ", " + "parameters=" + parameters + ", " + "frameworks=" + frameworks + ", " + "allowedNamespaces=" + allowedNamespaces + ", " + "podTemplateEnv=" + podTemplateEnv + ", " + "podTemplateVolumes=" + podTemplateVolumes + ", " + "podTemplateVolumeMounts=" + podTemplateVolumeMounts + "}";
    }
}
