package io.kfpoperator.provider.vertex;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.providerservice.contract.ProviderContractSuite;
import java.util.OptionalInt;
import java.util.stream.StreamSupport;

/**
 * The shared provider REST contract against the Vertex platform, backed by the in-process fake
 * Vertex (PipelineService, ScheduleService) and an in-memory bucket.
 */
class VertexPlatformContractIT extends ProviderContractSuite {

    private VertexFixture fixture;

    @Override
    protected PipelinePlatform platform() {
        fixture = new VertexFixture();
        return fixture.platform();
    }

    @Override
    protected void afterEachTest() {
        fixture.close();
    }

    @Override
    protected OptionalInt countOnPlatform(ResourceType type, String name) {
        String namespace = name.substring(0, name.indexOf('/'));
        String shortName = name.substring(name.indexOf('/') + 1);
        long count = switch (type) {
            // One pipeline is one template prefix, whatever its number of versions.
            case PIPELINE -> fixture.storage.list(VertexFixture.BUCKET, Storage.BlobListOption.prefix(name + "/"))
                    .iterateAll().iterator().hasNext() ? 1 : 0;
            case EXPERIMENT -> StreamSupport.stream(fixture.storage.list(VertexFixture.BUCKET).iterateAll().spliterator(), false)
                    .map(Blob::getName).filter(n -> n.endsWith("/experiments/" + name)).count();
            case RUN_SCHEDULE -> fixture.vertex.schedules().stream()
                    .filter(s -> s.getDisplayName().equals(VertexRequests.scheduleDisplayName(name))).count();
            case RUN -> fixture.vertex.jobs().stream()
                    .filter(j -> VertexLabels.value(shortName).equals(j.getLabelsMap().get(VertexLabels.RUN_NAME))
                            && VertexLabels.value(namespace).equals(j.getLabelsMap().get(VertexLabels.RUN_NAMESPACE)))
                    .count();
        };
        return OptionalInt.of((int) count);
    }
}
