package io.kfpoperator.controller.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.api.v1beta1.Pipeline;

/**
 * Stands in for container compilation (tfx, kfpsdk, …) where no pods run (the sandbox, or
 * {@code spec.compilation.containers: simulated}), and for frameworks on the simulated platform
 * that no Provider lists: it produces a one-step definition that names the image and framework,
 * so the rest of the flow can be exercised. Says so in the Pipeline's Events.
 */
public final class SimulatedPipelineCompiler implements PipelineCompiler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Compilation compile(CompileRequest request) {
        Pipeline pipeline = request.pipeline();
        ObjectNode definition = JSON.createObjectNode();
        definition.putObject("pipelineInfo").put("name", pipeline.getMetadata().getName());
        definition.put("schemaVersion", "2.1.0");
        definition.put("sdkVersion", "kfp-operator-simulated-compiler");
        ObjectNode simulated = definition.putObject("kfpOperatorSimulatedCompilation");
        simulated.put("image", pipeline.getSpec().getImage());
        simulated.put("framework", pipeline.getSpec().getFramework().getName());
        return new Compilation.Compiled(definition);
    }

    @Override
    public String notice(Pipeline pipeline) {
        return "compiled by the simulated compiler: framework '" + pipeline.getSpec().getFramework().getName()
                + "' was not compiled in a container (simulated compilation: the sandbox, or spec.compilation.containers: simulated);"
                + " the platform gets a stand-in definition";
    }
}
