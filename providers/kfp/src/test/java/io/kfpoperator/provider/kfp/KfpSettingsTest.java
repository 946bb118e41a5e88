package io.kfpoperator.provider.kfp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import io.kfpoperator.provider.spi.PlatformRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KfpSettingsTest {

    @TempDir
    Path dir;

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

    /** As the Go provider: multi-user requests go to the Provider's namespace, not kfpNamespace (KFP's own). */
    @Test
    void multiUserModeSendsTheProvidersNamespace() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t");
        KfpSettings s = KfpSettings.from(new PlatformConfig("team-a/kfp", "gs://root",
                withUrl(KfpSettings.KFP_MULTI_USER_MODE, "true", KfpSettings.KFP_NAMESPACE, "kubeflow")), token);

        assertThat(s.requestNamespace()).contains("team-a");
        assertThatThrownBy(() -> KfpSettings.from(new PlatformConfig("kfp", "gs://root",
                withUrl(KfpSettings.KFP_MULTI_USER_MODE, "true")), token))
                .isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("Provider namespace");
    }

    /** The Go provider reads /var/run/secrets/kfp/token in multi-user mode; an explicit authTokenFile still wins. */
    @Test
    void multiUserModeReadsTheTokenWhereTheGoProviderDoesUnlessAuthTokenFileIsSet() throws Exception {
        assertThat(KfpSettings.DEFAULT_AUTH_TOKEN_FILE).isEqualTo(Path.of("/var/run/secrets/kfp/token"));
        Path mounted = Files.writeString(dir.resolve("mounted"), "t");
        Path explicit = Files.writeString(dir.resolve("explicit"), "t");
        Map<String, String> multiUser = withUrl(KfpSettings.KFP_MULTI_USER_MODE, "true");

        assertThat(KfpSettings.from(new PlatformConfig("ns/kfp", "gs://root", multiUser), mounted).authTokenFile())
                .contains(mounted);
        Map<String, String> withExplicit = new HashMap<>(multiUser);
        withExplicit.put(KfpSettings.AUTH_TOKEN_FILE, explicit.toString());
        assertThat(KfpSettings.from(new PlatformConfig("ns/kfp", "gs://root", withExplicit), mounted).authTokenFile())
                .contains(explicit);
        assertThatThrownBy(() -> KfpSettings.from(new PlatformConfig("ns/kfp", "gs://root", multiUser),
                dir.resolve("absent")))
                .isInstanceOf(PlatformConfigurationException.class).hasMessageContaining("bearer token")
                .hasMessageContaining("authTokenFile");
        // Single-user KFP needs no token, as upstream.
        assertThat(KfpSettings.from(new PlatformConfig("ns/kfp", "gs://root", withUrl()), mounted).authTokenFile())
                .isEmpty();
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
