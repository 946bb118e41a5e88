package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Objects;

/** A Pipeline: the image holding the pipeline code and how to compile it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PipelineSpec {

    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    private String provider;

    @Required
    private String image;

    private List<NamedValue> env;

    @Required
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
