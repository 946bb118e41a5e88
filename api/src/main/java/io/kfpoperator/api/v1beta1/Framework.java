package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Objects;

/** A pipeline framework a Provider supports and the compiler image for it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Framework {

    @JsonPropertyDescription("Name Pipelines select the framework by (spec.framework.name), e.g. tfx or kfpsdk; unique within the Provider. At most 63 characters, like a label value.")
    @Size(max = Bounds.LABEL)
    private String name;

    @JsonPropertyDescription("Compiler image of the framework: it provides the compile scripts the Pipeline's image runs, in a Job (engine direct) or a Workflow step (engine argo). At most 1024 characters: the longest valid image reference fits.")
    @Size(max = Bounds.IMAGE)
    private String image;

    @JsonPropertyDescription("Patches applied, in order, to the resource definition before it is sent to the provider service. At most 64 entries.")
    @Size(max = Bounds.PATCHES)
    private List<Patch> patches;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Framework withName(String name) {
        this.name = name;
        return this;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Framework withImage(String image) {
        this.image = image;
        return this;
    }

    public List<Patch> getPatches() {
        return patches;
    }

    public void setPatches(List<Patch> patches) {
        this.patches = patches;
    }

    public Framework withPatches(List<Patch> patches) {
        this.patches = patches;
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
        Framework that = (Framework) o;
        return Objects.equals(name, that.name) && Objects.equals(image, that.image) && Objects.equals(patches, that.patches);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, image, patches);
    }

    @Override
    public String toString() {
        return "Framework{" + "name=" + name + ", " + "image=" + image + ", " + "patches=" + patches + "}";
    }
}
