package io.kfpoperator.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.manifest.Manifests;
import io.kfpoperator.api.validation.InvalidResourceException;
import io.kfpoperator.controller.testing.ControllerHarness;
import io.kfpoperator.controller.testing.ControllerTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every invalid manifest of the validator tests that an API server without our CEL rules would
 * store: the controller marks it Failed with the same field-path message and touches nothing.
 */
class InvalidResourcesIT extends ControllerTestBase {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void eachStorableInvalidResourceFailsWithItsFieldPathMessage() throws IOException {
        List<String[]> applied = new ArrayList<>();
        int refusedByTheApiServer = 0;
        Path fixtures = ControllerHarness.repositoryRoot().resolve("api/src/test/resources/invalid");
        try (Stream<Path> files = Files.list(fixtures)) {
            for (Path file : files.sorted().toList()) {
                String expected = Files.readAllLines(file).get(0).substring("# expect: ".length());
                if (expected.contains("cannot trigger itself")) {
                    continue; // depends on the resource's own name, which this test changes to keep fixtures apart
                }
                HasMetadata resource;
                try {
                    resource = Manifests.read(YAML.readTree(file.toFile()));
                } catch (InvalidResourceException e) {
                    continue; // rejected before it could be stored (unknown field, bad enum, wrong version)
                }
                resource.getMetadata().setName(file.getFileName().toString().replace(".yaml", ""));
                if (resource.getMetadata().getNamespace() == null) {
                    resource.getMetadata().setNamespace("default");
                }
                try {
                    harness.client.resource(resource).create();
                } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                    // The CRD's schema refuses it, as a cluster would: it never reaches the controller. The refusal names the field.
                    assertThat(e.getCode()).as(file.getFileName().toString()).isIn(400, 422);
                    assertThat(e.getMessage()).as(file.getFileName().toString()).contains(expected.substring(0, expected.indexOf(':')));
                    refusedByTheApiServer++;
                    continue;
                }
                applied.add(new String[] {resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName(), expected});
            }
        }
        assertThat(applied).hasSizeGreaterThanOrEqualTo(10);
        assertThat(refusedByTheApiServer).isPositive();

        for (String[] a : applied) {
            @SuppressWarnings("unchecked")
            Class<? extends CustomResource<?, ?>> type = (Class<? extends CustomResource<?, ?>>) Manifests.KINDS.get(a[0]);
            if (a[0].equals("Provider")) {
                continue; // the Provider reconciler reports its own failures; see the provider tests
            }
            eventually().untilAsserted(() -> {
                CustomResource<?, ?> resource = harness.client.resources(type).inNamespace(a[1]).withName(a[2]).get();
                assertThat(stateOf(resource)).as(a[2]).isEqualTo(SynchronizationState.FAILED);
                assertThat(messageOf(resource)).as(a[2]).contains(a[3]);
            });
        }
        assertThat(harness.platform.pipelines()).isEmpty();
        assertThat(harness.platform.runs()).isEmpty();
        assertThat(harness.platform.runSchedules()).isEmpty();
    }
}
