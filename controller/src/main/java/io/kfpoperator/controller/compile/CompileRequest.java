package io.kfpoperator.controller.compile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.api.v1beta1.Framework;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Provider;
import java.util.Optional;

/**
 * What a compiler works from.
 *
 * @param pipeline   the Pipeline resource (owner of anything the compiler creates)
 * @param definition the pipeline's resource definition as the provider service receives it
 *                   ({@code name, version, image, env, framework}), after the Provider's
 *                   framework patches
 * @param provider   the Provider the Pipeline names; compilation happens in its namespace
 */
public record CompileRequest(Pipeline pipeline, ObjectNode definition, Provider provider) {

    /** The Provider framework whose name is the Pipeline's framework name (lower-cased, as upstream), if listed. */
    public Optional<Framework> framework() {
        return frameworkOf(pipeline, provider);
    }

    public static Optional<Framework> frameworkOf(Pipeline pipeline, Provider provider) {
        if (provider == null || provider.getSpec() == null || provider.getSpec().getFrameworks() == null) {
            return Optional.empty();
        }
        String name = pipeline.getSpec().getFramework().getName().toLowerCase(java.util.Locale.ROOT);
        return provider.getSpec().getFrameworks().stream().filter(f -> name.equals(f.getName())).findFirst();
    }
}
