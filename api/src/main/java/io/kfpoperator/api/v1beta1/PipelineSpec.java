package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** A Pipeline: the image holding the pipeline code and how to compile it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineSpec {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The Provider that manages this pipeline on its platform, as namespace/name, e.g. kfp-operator/kfp. At most 317 characters: a namespace (at most 63), '/' and a Provider name (at most 253).")
    @Size(max = Bounds.NAMESPACED_NAME)
    private String provider;

    @Required
    @JsonPropertyDescription("Container image holding the pipeline code, e.g. ghcr.io/example/penguin-pipeline:v1. Its tag starts the pipeline version (v1-1a2b3c), so a new image makes a new version. Frameworks the Provider lists compile the pipeline by running this image. At most 1024 characters: the longest valid reference (a 255-character name, a 128-character tag and a digest) fits.")
    @Size(max = Bounds.IMAGE)
    private String image;

    @JsonPropertyDescription("Environment variables of the compiler, the container that runs image to build the pipeline definition (ignored by framework static). Part of the version. At most 256 entries.")
    @Size(max = Bounds.ENV)
    private List<NamedValue> env;

    @Required
    @JsonPropertyDescription("The framework that compiles the pipeline (tfx, kfpsdk, static and others) and its parameters.")
    private PipelineFramework framework;

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public PipelineSpec withProvider(String provider) {
        this.provider = provider;
        return this;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public PipelineSpec withImage(String image) {
        this.image = image;
        return this;
    }

    public List<NamedValue> getEnv() {
        return env;
    }

    public void setEnv(List<NamedValue> env) {
        this.env = env;
    }

    public PipelineSpec withEnv(List<NamedValue> env) {
        this.env = env;
        return this;
    }

    public PipelineFramework getFramework() {
        return framework;
    }

    public void setFramework(PipelineFramework framework) {
        this.framework = framework;
    }

    public PipelineSpec withFramework(PipelineFramework framework) {
        this.framework = framework;
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
        PipelineSpec that = (PipelineSpec) o;
        return Objects.equals(provider, that.provider) && Objects.equals(image, that.image) && Objects.equals(env, that.env) && Objects.equals(framework, that.framework);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, image, env, framework);
    }

    @Override
    public String toString() {
        return "PipelineSpec{" + "provider=" + provider + ", " + "image=" + image + ", " + "env=" + env + ", " + "framework=" + framework + "}";
    }
}
