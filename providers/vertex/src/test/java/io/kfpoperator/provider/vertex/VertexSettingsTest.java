package io.kfpoperator.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.provider.spi.PlatformRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VertexSettingsTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "vaiProject", "ml-project", "vaiLocation", "europe-west2", "pipelineBucket", "templates");

    @ParameterizedTest
    @ValueSource(strings = {"vaiProject", "vaiLocation", "pipelineBucket"})
    void aMissingRequiredParameterIsAStartUpErrorNamingIt(String parameter) {
        Map<String, String> parameters = new HashMap<>(REQUIRED);
        parameters.remove(parameter);

        assertThatThrownBy(() -> VertexSettings.from(config(parameters)))
                .isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("'" + parameter + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vaiProject", "vaiLocation", "pipelineBucket"})
    void theFactoryReportsAMissingParameterBeforeLookingForCredentials(String parameter) {
        Map<String, String> parameters = new HashMap<>(REQUIRED);
        parameters.put(parameter, " ");

        assertThatThrownBy(() -> PlatformRegistry.load().factory("vai").create(config(parameters)))
                .isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("'" + parameter + "'");
    }

    @Test
    void theFactoryIsFoundUnderTypeVai() {
        assertThat(PlatformRegistry.load().types()).contains("vai");
        assertThat(PlatformRegistry.load().factory("vai")).isInstanceOf(VertexPlatformFactory.class);
    }

    @Test
    void optionalParametersHaveDefaults() {
        VertexSettings settings = VertexSettings.from(config(REQUIRED));

        assertThat(settings.maxConcurrentRunCount()).isEqualTo(10);
        assertThat(settings.jobServiceAccount()).isEmpty();
        assertThat(settings.networkAttachment()).isEmpty();
        assertThat(settings.eventsSubscription()).isEmpty();
        assertThat(settings.parent()).isEqualTo("projects/ml-project/locations/europe-west2");
        assertThat(settings.apiEndpoint()).isEqualTo("europe-west2-aiplatform.googleapis.com:443");
    }

    @Test
    void everyParameterIsRead() {
        Map<String, String> parameters = new HashMap<>(REQUIRED);
        parameters.putAll(Map.of(
                "pipelineBucket", "gs://templates/",
                "vaiJobServiceAccount", "runner@ml-project.iam.gserviceaccount.com",
                "pscNetworkAttachment", "projects/ml-project/regions/europe-west2/networkAttachments/ml",
                "maxConcurrentRunCount", "3",
                "gcsEndpoint", "http://localhost:4443",
                "eventsourcePipelineEventsSubscription", "projects/ml-project/subscriptions/vertex-events"));

        VertexSettings settings = VertexSettings.from(config(parameters));

        assertThat(settings.pipelineBucket()).as("gs:// and trailing slash dropped").isEqualTo("templates");
        assertThat(settings.jobServiceAccount()).isEqualTo("runner@ml-project.iam.gserviceaccount.com");
        assertThat(settings.networkAttachment()).endsWith("/networkAttachments/ml");
        assertThat(settings.maxConcurrentRunCount()).isEqualTo(3);
        assertThat(settings.gcsEndpoint()).isEqualTo("http://localhost:4443");
        assertThat(settings.eventsSubscription()).endsWith("/vertex-events");
        assertThat(settings.providerShortName()).isEqualTo("vertex");
        assertThat(settings.providerNamespace()).isEqualTo("kfp-operator-system");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "ten", "1.5"})
    void anInvalidMaxConcurrentRunCountIsAStartUpError(String value) {
        Map<String, String> parameters = new HashMap<>(REQUIRED);
        parameters.put("maxConcurrentRunCount", value);

        assertThatThrownBy(() -> VertexSettings.from(config(parameters)))
                .isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("'maxConcurrentRunCount'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vertex-events", "ml-project/vertex-events", "projects/ml-project/topics/vertex-events",
            "projects/ml-project/subscriptions/", "projects/ml-project/subscriptions/a/b",
            "projects/ml-project/subscriptions/9-starts-with-a-digit", "pubsub.googleapis.com/projects/ml-project/subscriptions/x1y"})
    void aSubscriptionThatIsNotAFullNameIsAStartUpErrorNamingTheParameter(String value) {
        Map<String, String> parameters = new HashMap<>(REQUIRED);
        parameters.put("eventsourcePipelineEventsSubscription", value);

        assertThatThrownBy(() -> VertexSettings.from(config(parameters)))
                .isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("'eventsourcePipelineEventsSubscription'")
                .hasMessageContaining("projects/<project>/subscriptions/<subscription>");
        // The factory validates before it looks for credentials.
        assertThatThrownBy(() -> PlatformRegistry.load().factory("vai").create(config(parameters)))
                .isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("'eventsourcePipelineEventsSubscription'");
    }

    @Test
    void aFullSubscriptionNameSwitchesCompletionToPubSub() {
        Map<String, String> parameters = new HashMap<>(REQUIRED);
        parameters.put("eventsourcePipelineEventsSubscription", " projects/ml-project/subscriptions/vertex-events ");

        VertexSettings settings = VertexSettings.from(config(parameters));

        assertThat(settings.usesPubSub()).isTrue();
        assertThat(settings.eventsSubscription()).isEqualTo("projects/ml-project/subscriptions/vertex-events");
        assertThat(VertexSettings.from(config(REQUIRED)).usesPubSub()).isFalse();
    }

    private static PlatformConfig config(Map<String, String> parameters) {
        return new PlatformConfig("kfp-operator-system/vertex", "gs://pipeline-root", parameters);
    }
}
