package io.kfpoperator.providerservice.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.simulated.ManualClock;
import io.kfpoperator.provider.simulated.SimulatedExperiment;
import io.kfpoperator.provider.simulated.SimulatedPlatform;
import io.kfpoperator.provider.simulated.SimulatedRunState;
import io.kfpoperator.provider.simulated.SimulatedSettings;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.providerservice.contract.ProviderContractSuite;
import io.kfpoperator.providerservice.contract.ReferencePipeline;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The provider contract against the simulated platform (from another package, as platform modules use it). */
class SimulatedPlatformContractTest extends ProviderContractSuite {

    private final SimulatedPlatform platform = new SimulatedPlatform("kfp-operator-system/simulated",
            SimulatedSettings.defaults(), new ManualClock(Instant.parse("2026-11-25T12:00:00Z")));

    @Override
    protected PipelinePlatform platform() {
        platform.reset();
        return platform;
    }

    @Override
    protected OptionalInt countOnPlatform(ResourceType type, String name) {
        long count = switch (type) {
            case PIPELINE -> platform.pipelines().stream().filter(p -> p.name().equals(name)).count();
            case EXPERIMENT -> platform.experiments().stream().filter(e -> e.name().equals(name)).count();
            case RUN_SCHEDULE -> platform.runSchedules().stream().filter(s -> s.definition().name().equals(name)).count();
            case RUN -> platform.runs().stream().filter(r -> name.equals(r.name())).count();
        };
        return OptionalInt.of((int) count);
    }

    @Override
    protected boolean existsOnPlatform(ResourceType type, String id) {
        return switch (type) {
            case PIPELINE -> platform.pipelines().stream().anyMatch(p -> p.id().equals(id));
            case EXPERIMENT -> platform.experiments().stream().anyMatch(e -> e.id().equals(id));
            case RUN_SCHEDULE -> platform.runSchedules().stream().anyMatch(s -> s.id().equals(id));
            case RUN -> platform.runs().stream().anyMatch(r -> r.id().equals(id));
        };
    }

    @Override
    protected List<String> pipelineVersionsOnPlatform(String pipelineId) {
        return platform.pipelines().stream().filter(p -> p.id().equals(pipelineId))
                .flatMap(p -> p.versions().stream()).toList();
    }

    @Override
    protected Optional<String> experimentDescriptionOnPlatform(String experimentId) {
        return platform.experiments().stream().filter(e -> e.id().equals(experimentId))
                .map(SimulatedExperiment::description).findFirst();
    }

    @Override
    protected boolean runStoppedOnPlatform(String runId) {
        return platform.runs().stream().anyMatch(r -> r.id().equals(runId) && r.state() == SimulatedRunState.STOPPED);
    }

    @Override
    protected Optional<String> scheduleCronOnPlatform(String scheduleId) {
        return platform.runSchedules().stream().filter(s -> s.id().equals(scheduleId))
                .map(s -> s.definition().schedule().cronExpression()).findFirst();
    }

    /** The simulated platform keeps no pipeline files: that the version and a run of it exist is what it shows. */
    @Override
    protected void assertCompilerOutputReachedThePlatform(ReferencePipeline reference, String pipelineId,
            String version, String runId) {
        assertThat(platform.runs()).filteredOn(r -> r.id().equals(runId)).singleElement()
                .satisfies(r -> assertThat(r.pipelineVersion()).isEqualTo(version));
    }
}
