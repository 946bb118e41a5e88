package io.kfpoperator.apiserver.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kfpoperator.apiserver.testing.TestCluster;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules our CRDs carry themselves (CEL rules, list types), which the operator's Java
 * validators no longer repeat: each manifest in src/test/resources/refused-by-crd breaks one, and
 * the API server refuses it on create with 422 Invalid and the message its first line gives, by
 * kubectl and by the fabric8 client alike ("CRD validation rules": kubernetes.io, Extend the
 * Kubernetes API with CustomResourceDefinitions).
 */
class RefusedByCrdIT {

    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.withOurCrds();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static Stream<Path> manifests() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(RefusedByCrdIT.class.getResource("/refused-by-crd")).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.sorted().toList();
            assertThat(all).isNotEmpty();
            return all.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void theApiServerRefusesTheManifestWithTheRulesMessage(Path file) throws IOException {
        String expected = Files.readAllLines(file).get(0).substring("# expect: ".length());

        var result = cluster.kubectl().run("create", "-f", file.toString());
        assertThat(result.exitCode()).as(result.all()).isNotZero();
        assertThat(result.err()).contains("is invalid").contains(expected);

        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> cluster.client.load(Files.newInputStream(file)).create());
        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getReason()).isEqualTo("Invalid");
        assertThat(refused.getStatus().getMessage()).contains(expected);
    }

}
