package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A Provider: the provider service that speaks to one ML platform. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderSpec {

    @Required
    private String serviceImage;

    /** Deprecated upstream field; accepted and ignored. */
    private String executionMode;

    /** direct or argo; unset means the operator's default. */
    private ExecutionEngine executionEngine;

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String serviceAccount;

    @Required
    private String pipelineRootStorage;

    private Map<String, JsonNode> parameters;

    private List<Framework> frameworks;

    private List<String> allowedNamespaces;

    private List<EnvVar> podTemplateEnv;

    private List<Volume> podTemplateVolumes;

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
        return Objects.equals(serviceImage, that.serviceImage) && Objects.equals(executionMode, that.executionMode) && Objects.equals(executionEngine, that.executionEngine) && Objects.equals(serviceAccount, that.serviceAccount) && Objects.equals(pipelineRootStorage, that.pipelineRootStorage) && Objects.equals(parameters, that.parameters) && Objects.equals(frameworks, that.frameworks) && Objects.equals(allowedNamespaces, that.allowedNamespaces) && Objects.equals(podTemplateEnv, that.podTemplateEnv) && Objects.equals(podTemplateVolumes, that.podTemplateVolumes) && Objects.equals(podTemplateVolumeMounts, that.podTemplateVolumeMounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serviceImage, executionMode, executionEngine, serviceAccount, pipelineRootStorage, parameters, frameworks, allowedNamespaces, podTemplateEnv, podTemplateVolumes, podTemplateVolumeMounts);
    }

    @Override
    public String toString() {
        return "ProviderSpec{" + "serviceImage=" + serviceImage + ", " + "executionMode=" + executionMode + ", " + "executionEngine=" + executionEngine + ", " + "serviceAccount=" + serviceAccount + ", " + "pipelineRootStorage=" + pipelineRootStorage + ", " + "parameters=" + parameters + ", " + "frameworks=" + frameworks + ", " + "allowedNamespaces=" + allowedNamespaces + ", " + "podTemplateEnv=" + podTemplateEnv + ", " + "podTemplateVolumes=" + podTemplateVolumes + ", " + "podTemplateVolumeMounts=" + podTemplateVolumeMounts + "}";
    }
}
