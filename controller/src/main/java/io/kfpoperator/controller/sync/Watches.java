package io.kfpoperator.controller.sync;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kfpoperator.api.types.NamespacedName;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.RunConfiguration;
import io.kfpoperator.controller.compile.ContainerJobCompiler;
import io.kfpoperator.controller.engine.argo.Workflows;
import io.kfpoperator.controller.kube.Labels;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Event sources that wake a resource when something it references changes: its Provider, its
 * Pipeline (same namespace, by name), the RunConfigurations it takes parameters from or is
 * triggered by. Each maps the changed object back through an index on the primary cache.
 */
public final class Watches {

    private Watches() {
    }

    public static <P extends HasMetadata> EventSource<Provider, P> providers(EventSourceContext<P> context, Function<P, String> providerReference) {
        String index = "provider";
        context.getPrimaryCache().addIndexer(index, p -> nonEmpty(providerReference.apply(p)));
        return source(context, Provider.class, index, provider -> List.of(key(provider)));
    }

    public static <P extends HasMetadata> EventSource<Pipeline, P> pipelines(EventSourceContext<P> context, Function<P, String> pipelineName) {
        String index = "pipeline";
        context.getPrimaryCache().addIndexer(index, p -> {
            String name = pipelineName.apply(p);
            return name == null || name.isEmpty() ? List.of() : List.of(p.getMetadata().getNamespace() + "/" + name);
        });
        return source(context, Pipeline.class, index, pipeline -> List.of(key(pipeline)));
    }

    /** {@code references} gives the RunConfigurations a resource depends on, as written (name or namespace/name). */
    public static <P extends HasMetadata> EventSource<RunConfiguration, P> runConfigurations(EventSourceContext<P> context,
            Function<P, Collection<String>> references) {
        String index = "runconfiguration";
        context.getPrimaryCache().addIndexer(index, p -> references.apply(p).stream()
                .map(reference -> NamespacedName.tryParse(reference).map(n -> n.inNamespace(p.getMetadata().getNamespace()).toString()).orElse(null))
                .filter(Objects::nonNull)
                .distinct()
                .toList());
        return source(context, RunConfiguration.class, index, rc -> List.of(key(rc)));
    }

    private static <R extends HasMetadata, P extends HasMetadata> EventSource<R, P> source(EventSourceContext<P> context, Class<R> type,
            String index, Function<R, List<String>> keys) {
        InformerEventSourceConfiguration<R> configuration = InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
                .withName(index + "s")
                .withSecondaryToPrimaryMapper(secondary -> keys.apply(secondary).stream()
                        .flatMap(key -> context.getPrimaryCache().byIndex(index, key).stream())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /**
     * Argo Workflows working for resources of {@code ownerKind} (label
     * {@code pipelines.kubeflow.org/owner.kind}), mapped back to their owner by its name labels.
     */
    public static <P extends HasMetadata> EventSource<GenericKubernetesResource, P> workflows(EventSourceContext<P> context, String ownerKind) {
        InformerEventSourceConfiguration<GenericKubernetesResource> configuration = InformerEventSourceConfiguration
                .from(new GroupVersionKind(Workflows.WORKFLOW.getGroup(), Workflows.WORKFLOW.getVersion(), Workflows.WORKFLOW.getKind()),
                        context.getPrimaryResourceClass())
                .withName("workflows")
                .withLabelSelector(Labels.OWNER_KIND + "=" + ownerKind)
                .withSecondaryToPrimaryMapper(Watches::owner)
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** Compilation Jobs (label {@code pipelines.kubeflow.org/compilation=true}), mapped back to their Pipeline. */
    public static <P extends HasMetadata> EventSource<Job, P> compilationJobs(EventSourceContext<P> context) {
        InformerEventSourceConfiguration<Job> configuration = InformerEventSourceConfiguration.from(Job.class, context.getPrimaryResourceClass())
                .withName("compilationjobs")
                .withLabelSelector(ContainerJobCompiler.COMPILATION_LABEL + "=true")
                .withSecondaryToPrimaryMapper(Watches::owner)
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    private static Set<ResourceID> owner(HasMetadata worker) {
        Map<String, String> labels = worker.getMetadata().getLabels();
        if (labels == null || labels.get(Labels.OWNER_NAME) == null || labels.get(Labels.OWNER_NAMESPACE) == null) {
            return Set.of();
        }
        return Set.of(new ResourceID(labels.get(Labels.OWNER_NAME), labels.get(Labels.OWNER_NAMESPACE)));
    }

    /** The pipeline name of "name[:version]", or "" when the reference is not valid (validation reports it). */
    public static String pipelineName(String reference) {
        if (reference == null) {
            return "";
        }
        try {
            return io.kfpoperator.api.types.PipelineIdentifier.parse(reference).name();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String key(HasMetadata resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    private static List<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? List.of() : List.of(value);
    }
}
