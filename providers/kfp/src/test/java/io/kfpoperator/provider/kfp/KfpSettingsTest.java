package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.provider.spi.PlatformRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KfpSettingsTest {

    private static KfpSettings settings(Map<String, String> parameters) {
        return KfpSettings.from(new PlatformConfig("ns/kfp", "gs://root", parameters));
    }

    private static Map<String, String> withUrl(String... keyValues) {
        Map<String, String> map = new HashMap<>(Map.of(KfpSettings.REST_KFP_API_URL, "http://ml-pipeline.kubeflow:8888/"));
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void missingRestKfpApiUrlIsAStartupErrorNamingIt() {
        assertThatThrownBy(() -> new KfpPlatformFactory().create(new PlatformConfig("ns/kfp", "gs://root", Map.of())))
                .isInstanceOf(PlatformConfigurationException.class)
                .hasMessageContaining("restKfpApiUrl");
    }

    @Test
    void registryFindsTheKfpFactoryByType() {
        assertThat(PlatformRegistry.load().factory("kfp")).isInstanceOf(KfpPlatformFactory.class);
    }

    @Test
    void defaultsAndUpstreamParameters() {
        KfpSettings s = settings(withUrl(KfpSettings.KFP_NAMESPACE, "kubeflow", KfpSettings.DEFAULT_EXPERIMENT,
                "Default"));

        assertThat(s.apiUrl().toString()).isEqualTo("http://ml-pipeline.kubeflow:8888");
        assertThat(s.multiUserMode()).isFalse();
        assertThat(s.requestNamespace()).isEmpty();
        assertThat(s.defaultExperiment()).contains("Default");
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxConcurrency()).isEqualTo(1);
        assertThat(s.pipelineRoot()).contains("gs://root");
        assertThat(s.metadataStoreAddress()).isEmpty();
    }

    @Test
    void grpcMetadataStoreAddressIsHostPortOrAGrpcTarget() {
        assertThat(settings(withUrl(KfpSettings.GRPC_METADATA_STORE_ADDRESS, " metadata-grpc-service.kubeflow:8080 "))
                .metadataStoreAddress()).contains("metadata-grpc-service.kubeflow:8080");
        assertThat(settings(withUrl("GRPCMETADATASTOREADDRESS", "10.0.0.7:8080"))
                .metadataStoreAddress()).contains("10.0.0.7:8080");
        assertThat(settings(withUrl(KfpSettings.GRPC_METADATA_STORE_ADDRESS, "dns:///metadata-grpc-service:8080"))
                .metadataStoreAddress()).contains("dns:///metadata-grpc-service:8080");
        for (String bad : new String[] {"http://metadata-grpc-service:8080", "metadata-grpc-service", "host:port",
                "host:8080/path"}) {
            assertThatThrownBy(() -> settings(withUrl(KfpSettings.GRPC_METADATA_STORE_ADDRESS, bad)))
                    .as(bad).isInstanceOf(PlatformConfigurationException.class)
                    .hasMessageContaining("grpcMetadataStoreAddress").hasMessageContaining(bad);
        }
    }

    @Test
    void multiUserModeSendsTheNamespaceAndRequiresIt() {
        assertThat(settings(withUrl(KfpSettings.KFP_MULTI_USER_MODE, "true", KfpSettings.KFP_NAMESPACE, "team-a"))
                .requestNamespace()).contains("team-a");
        assertThatThrownBy(() -> settings(withUrl(KfpSettings.KFP_MULTI_USER_MODE, "true")))
                .isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("kfpNamespace");
    }

    @Test
    void badValuesAreStartupErrorsNamingTheParameter() {
        assertThatThrownBy(() -> settings(withUrl(KfpSettings.KFP_MULTI_USER_MODE, "yes")))
                .hasMessageContaining("kfpMultiUserMode");
        assertThatThrownBy(() -> settings(withUrl(KfpSettings.REQUEST_TIMEOUT, "soon")))
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> settings(withUrl(KfpSettings.MAX_CONCURRENCY, "11")))
                .hasMessageContaining("maxConcurrency");
        assertThatThrownBy(() -> settings(withUrl(KfpSettings.AUTH_TOKEN_FILE, "/no/such/token")))
                .hasMessageContaining("authTokenFile");
        assertThatThrownBy(() -> settings(Map.of(KfpSettings.REST_KFP_API_URL, "ml-pipeline:8888")))
                .hasMessageContaining("restKfpApiUrl");
    }

    @Test
    void timeoutForms() {
        assertThat(KfpSettings.parseDuration("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(KfpSettings.parseDuration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThat(KfpSettings.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(KfpSettings.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    }
}
