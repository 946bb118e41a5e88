package io.kfpoperator.controller.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.kfpoperator.api.v1beta1.OutputArtifact;
import io.kfpoperator.provider.events.Artifact;
import io.kfpoperator.provider.events.ArtifactInstance;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactResolverTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<PipelineComponent> PRODUCED = List.of(
            new PipelineComponent("trainer", List.of(
                    new ComponentArtifact("metrics", List.of(new ArtifactInstance("gs://m/metrics", Map.of()))),
                    new ComponentArtifact("model", List.of(
                            new ArtifactInstance("gs://m/0", Map.of("pushed", NODES.booleanNode(true))),
                            new ArtifactInstance("gs://m/1", Map.of("pushed", NODES.booleanNode(false))),
                            new ArtifactInstance("", Map.of("pushed", NODES.booleanNode(true))),
                            new ArtifactInstance(null, Map.of()))))),
            new PipelineComponent("evaluator", null));

    private static OutputArtifact output(String name, String path) {
        return new OutputArtifact().withName(name).withPath(path);
    }

    @Test
    void picksComponentArtifactAndIndexAndSkipsWhatIsMissingEmptyOrFilteredOut() {
        ArtifactResolver.Resolution resolution = ArtifactResolver.resolve(List.of(
                output("first", "trainer:model"),
                output("second", "trainer:model:1"),
                output("second-if-pushed", "trainer:model:1[pushed == true]"),
                output("first-if-pushed", "trainer:model:0[pushed == true]"),
                output("empty-uri", "trainer:model:2"),
                output("null-uri", "trainer:model:3"),
                output("past-the-end", "trainer:model:9"),
                output("no-component", "pusher:model"),
                output("no-artifacts", "evaluator:report"),
                output("metrics", "trainer:metrics")), PRODUCED);

        assertThat(resolution.artifacts()).containsExactly(
                new Artifact("first", "gs://m/0"),
                new Artifact("second", "gs://m/1"),
                new Artifact("first-if-pushed", "gs://m/0"),
                new Artifact("metrics", "gs://m/metrics"));
        assertThat(resolution.problems()).isEmpty();
    }

    @Test
    void badPathsAndFiltersAreReportedAndSkippedWithoutLosingTheOthers() {
        ArtifactResolver.Resolution resolution = ArtifactResolver.resolve(List.of(
                output("broken-filter", "trainer:model[pushed = true]"),
                output("broken-path", "trainer"),
                output("fine", "trainer:model")), PRODUCED);

        assertThat(resolution.artifacts()).containsExactly(new Artifact("fine", "gs://m/0"));
        assertThat(resolution.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("artifact 'broken-filter': filter 'pushed = true'"))
                .anySatisfy(p -> assertThat(p).startsWith("artifact 'broken-path': 'trainer' is not an artifact path"));
    }

    @Test
    void nothingRequestedOrNothingProducedResolvesToNoArtifacts() {
        assertThat(ArtifactResolver.resolve(null, PRODUCED).artifacts()).isEmpty();
        assertThat(ArtifactResolver.resolve(List.of(output("first", "trainer:model")), null).artifacts()).isEmpty();
    }
}
