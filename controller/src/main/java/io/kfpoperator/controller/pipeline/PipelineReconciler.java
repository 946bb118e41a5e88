package io.kfpoperator.controller.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kfpoperator.api.v1beta1.Framework;
import io.kfpoperator.api.v1beta1.NamedValue;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.PipelineSpec;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Status;
import io.kfpoperator.api.version.Versions;
import io.kfpoperator.controller.compile.Compilation;
import io.kfpoperator.controller.compile.CompileRequest;
import io.kfpoperator.controller.compile.Compilers;
import io.kfpoperator.controller.compile.PipelineCompiler;
import io.kfpoperator.controller.config.OperatorConfig;
import io.kfpoperator.controller.engine.ProviderServiceClient;
import io.kfpoperator.controller.sync.ControllerServices;
import io.kfpoperator.controller.sync.PlatformResourceReconciler;
import io.kfpoperator.controller.sync.Preparation;
import io.kfpoperator.controller.sync.Watches;
import io.kfpoperator.provider.contract.PipelineDefinition;
import io.kfpoperator.provider.contract.ResourceType;
import java.util.List;

/** Compiles a Pipeline and keeps its versions on the platform in step with its spec. */
@ControllerConfiguration(name = "pipeline", finalizerName = PlatformResourceReconciler.FINALIZER)
public class PipelineReconciler extends PlatformResourceReconciler<Pipeline, Status> {

    private final Compilers compilers;

    public PipelineReconciler(ControllerServices services, Compilers compilers) {
        super(services, Status.class);
        this.compilers = compilers;
    }

    @Override
    public List<EventSource<?, Pipeline>> prepareEventSources(EventSourceContext<Pipeline> context) {
        return withPlatformWatches(context, services.config().spec().compilation().containers() == OperatorConfig.ContainerCompilation.JOB
                ? List.of(Watches.compilationJobs(context)) : List.of());
    }

    @Override
    protected ResourceType resourceType() {
        return ResourceType.PIPELINE;
    }

    @Override
    protected String specProvider(Pipeline pipeline) {
        return pipeline.getSpec() == null ? "" : pipeline.getSpec().getProvider();
    }

    @Override
    protected Preparation prepare(Pipeline pipeline, Context<Pipeline> context, Provider provider) {
        PipelineSpec spec = pipeline.getSpec();
        String version = Versions.pipeline(spec);
        Preparation.PipelineBuild build = new Preparation.PipelineBuild(
                CompileRequest.frameworkOf(pipeline, provider).map(Framework::getImage).filter(image -> !image.isBlank()),
                definition -> compile(pipeline, definition, provider));
        return new Preparation.Ready(version, () -> FrameworkPatches.apply(
                (ObjectNode) ProviderServiceClient.toTree(definition(pipeline, version)), provider, spec.getFramework().getName()), build);
    }

    private Compilation compile(Pipeline pipeline, ObjectNode definition, Provider provider) {
        PipelineCompiler compiler = compilers.forPipeline(pipeline, provider);
        Compilation compilation = compiler.compile(new CompileRequest(pipeline, definition, provider));
        String notice = compiler.notice(pipeline);
        if (compilation instanceof Compilation.Compiled && !notice.isEmpty()) {
            services.events().warning(pipeline, "SimulatedCompilation", notice);
        }
        return compilation;
    }

    static PipelineDefinition definition(Pipeline pipeline, String version) {
        PipelineSpec spec = pipeline.getSpec();
        List<io.kfpoperator.provider.contract.NamedValue> env = spec.getEnv() == null ? List.of()
                : spec.getEnv().stream().map((NamedValue v) -> new io.kfpoperator.provider.contract.NamedValue(v.getName(), v.getValue())).toList();
        return new PipelineDefinition(pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName(), version,
                spec.getImage(), env, new io.kfpoperator.provider.contract.Framework(spec.getFramework().getName(), spec.getFramework().getParameters()));
    }
}
