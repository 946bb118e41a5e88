package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Objects;

/** What to run: the pipeline (and optionally its version), where, with which parameters, and which artifacts to report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunSpec {

    /** The Provider, "namespace/name". */
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The Provider that starts the runs, as namespace/name, e.g. kfp-operator/kfp. At most 317 characters: a namespace (at most 63), '/' and a Provider name (at most 253).")
    @Size(max = Bounds.NAMESPACED_NAME)
    private String provider;

    /** The Pipeline, "name" or "name:version". */
    @Pattern("^[\\w\\-]+(?::[\\w\\-_.]+)?$")
    @JsonPropertyDescription("The Pipeline to run, in this namespace: name (runs use its latest synchronised version) or name:version (that version, as the Pipeline's status.version shows it). At most 512 characters: a name (at most 253), ':' and a version (an image tag of at most 128 and a 7-character hash suffix).")
    @Size(max = Bounds.PIPELINE_REFERENCE)
    private String pipeline;

    @JsonPropertyDescription("The Experiment, in this namespace, the runs are grouped under; unset or empty uses the Provider's default experiment. At most 253 characters, a Kubernetes object name.")
    @Size(max = Bounds.NAME)
    private String experimentName;

    @JsonPropertyDescription("Runtime parameters of the pipeline, each a literal value or a value taken from an output artifact of another RunConfiguration's latest succeeded run (valueFrom). Names must be unique. At most 256 entries.")
    @Size(max = Bounds.PARAMETERS)
    private List<Parameter> parameters;

    @JsonPropertyDescription("Output artifacts to report in run-completion events and to offer to other RunConfigurations (their parameters' valueFrom.runConfigurationRef.outputArtifact). Names must be unique. At most 100 entries.")
    @Size(max = Bounds.ARTIFACTS)
    private List<OutputArtifact> artifacts;

    @JsonPropertyDescription("Retries of a failed run (our field): attempts (the first included), backoff between them and which outcomes retry. Unset: one attempt. A RunConfiguration's run template passes it to the Runs it starts; runs its schedules fire on the platform are not retried.")
    private RunRetry retry;

    @JsonPropertyDescription("Longest one attempt may run on the platform (our field), a positive Go duration such as 45m or 2h, counted from when its platform run started: an attempt still running then is stopped and ends TimedOut, which counts as Failed (and is retried when retry.when includes Failed). Unset: no limit. At most 32 characters.")
    @Pattern(Durations.PATTERN)
    @ValidationRule(value = Durations.POSITIVE_RULE, message = Durations.POSITIVE_MESSAGE)
    @Size(max = Durations.MAX_LENGTH)
    private String timeout;

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public RunSpec withProvider(String provider) {
        this.provider = provider;
        return this;
    }

    public String getPipeline() {
        return pipeline;
    }

    public void setPipeline(String pipeline) {
        this.pipeline = pipeline;
    }

    public RunSpec withPipeline(String pipeline) {
        this.pipeline = pipeline;
        return this;
    }

    public String getExperimentName() {
        return experimentName;
    }

    public void setExperimentName(String experimentName) {
        this.experimentName = experimentName;
    }

    public RunSpec withExperimentName(String experimentName) {
        this.experimentName = experimentName;
        return this;
    }

    public List<Parameter> getParameters() {
        return parameters;
    }

    public void setParameters(List<Parameter> parameters) {
        this.parameters = parameters;
    }

    public RunSpec withParameters(List<Parameter> parameters) {
        this.parameters = parameters;
        return this;
    }

    public List<OutputArtifact> getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(List<OutputArtifact> artifacts) {
        this.artifacts = artifacts;
    }

    public RunSpec withArtifacts(List<OutputArtifact> artifacts) {
        this.artifacts = artifacts;
        return this;
    }

    public RunRetry getRetry() {
        return retry;
    }

    public void setRetry(RunRetry retry) {
        this.retry = retry;
    }

    public RunSpec withRetry(RunRetry retry) {
        this.retry = retry;
        return this;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public RunSpec withTimeout(String timeout) {
        this.timeout = timeout;
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
        RunSpec that = (RunSpec) o;
        return Objects.equals(provider, that.provider) && Objects.equals(pipeline, that.pipeline) && Objects.equals(experimentName, that.experimentName) && Objects.equals(parameters, that.parameters) && Objects.equals(artifacts, that.artifacts)
                && Objects.equals(retry, that.retry) && Objects.equals(timeout, that.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, pipeline, experimentName, parameters, artifacts, retry, timeout);
    }

    @Override
    public String toString() {
        return "RunSpec{" + "provider=" + provider + ", " + "pipeline=" + pipeline + ", " + "experimentName=" + experimentName + ", " + "parameters=" + parameters + ", " + "artifacts=" + artifacts + ", retry=" + retry + ", timeout=" + timeout + "}";
    }
}
