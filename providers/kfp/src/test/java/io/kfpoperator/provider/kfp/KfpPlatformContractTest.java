package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;

import io.kfpoperator.provider.contract.ResourceType;
import io.kfpoperator.provider.kfp.fake.FakeKfpServer;
import io.kfpoperator.provider.spi.PipelinePlatform;
import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.providerservice.contract.ProviderContractSuite;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The provider REST contract, served by the real provider service in front of KfpPlatform, which
 * talks HTTP to the stateful fake KFP; every KFP exchange is checked against the swagger.
 */
class KfpPlatformContractTest extends ProviderContractSuite {

    private FakeKfpServer kfp;

    @Override
    protected PipelinePlatform platform() {
        kfp = new FakeKfpServer();
        return new KfpPlatformFactory().create(new PlatformConfig("kfp-operator-system/kfp", "gs://bucket/root",
                Map.of(KfpSettings.REST_KFP_API_URL, kfp.baseUrl())));
    }

    @Override
    protected void afterEachTest() {
        try {
            assertThat(kfp.api().violations()).as("KFP exchanges against the v2beta1 swagger").isEmpty();
        } finally {
            kfp.close();
        }
    }

    @Override
    protected OptionalInt countOnPlatform(ResourceType type, String name) {
        List<? extends com.fasterxml.jackson.databind.JsonNode> objects = switch (type) {
            case PIPELINE -> kfp.api().pipelines();
            case EXPERIMENT -> kfp.api().experiments();
            case RUN_SCHEDULE -> kfp.api().recurringRuns();
            case RUN -> kfp.api().runs();
        };
        String field = type == ResourceType.PIPELINE ? "name" : "display_name";
        return OptionalInt.of((int) objects.stream().filter(o -> name.equals(o.path(field).asText())).count());
    }
}
