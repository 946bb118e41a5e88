package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A Pipeline as sent to a provider service. {@code name} is "namespace/name". */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineDefinition(String name, String version, String image, List<NamedValue> env, Framework framework) {
}
