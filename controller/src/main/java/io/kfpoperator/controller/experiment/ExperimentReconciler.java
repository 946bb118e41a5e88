package io.kfpoperator.controller.experiment;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kfpoperator.api.v1beta1.Experiment;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.Status;
import io.kfpoperator.api.version.Versions;
import io.kfpoperator.controller.sync.ControllerServices;
import io.kfpoperator.controller.sync.PlatformResourceReconciler;
import io.kfpoperator.controller.sync.Preparation;
import io.kfpoperator.provider.contract.ExperimentDefinition;
import io.kfpoperator.provider.contract.ResourceType;
import java.util.List;

/** Keeps an Experiment on the platform in step with its spec. */
@ControllerConfiguration(name = "experiment", finalizerName = PlatformResourceReconciler.FINALIZER)
public class ExperimentReconciler extends PlatformResourceReconciler<Experiment, Status> {

    public ExperimentReconciler(ControllerServices services) {
        super(services, Status.class);
    }

    @Override
    public List<EventSource<?, Experiment>> prepareEventSources(EventSourceContext<Experiment> context) {
        return withPlatformWatches(context, List.of());
    }

    @Override
    protected ResourceType resourceType() {
        return ResourceType.EXPERIMENT;
    }

    @Override
    protected String specProvider(Experiment experiment) {
        return experiment.getSpec() == null ? "" : experiment.getSpec().getProvider();
    }

    @Override
    protected Preparation prepare(Experiment experiment, Context<Experiment> context, Provider provider) {
        String version = Versions.experiment(experiment.getSpec());
        return new Preparation.Ready(version, () -> new ExperimentDefinition(
                experiment.getMetadata().getNamespace() + "/" + experiment.getMetadata().getName(),
                version,
                experiment.getSpec().getDescription() == null ? "" : experiment.getSpec().getDescription()));
    }
}
