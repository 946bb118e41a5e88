package io.kfpoperator.provider.kfp.metadata;

import static io.kfpoperator.provider.kfp.fake.MlmdRuns.d;
import static io.kfpoperator.provider.kfp.fake.MlmdRuns.i;
import static io.kfpoperator.provider.kfp.fake.MlmdRuns.props;
import static io.kfpoperator.provider.kfp.fake.MlmdRuns.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Any;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import io.kfpoperator.provider.events.ComponentArtifact;
import io.kfpoperator.provider.events.PipelineComponent;
import java.util.List;
import java.util.Map;
import ml_metadata.MetadataStore.Artifact;
import ml_metadata.MetadataStore.Event;
import ml_metadata.MetadataStore.Execution;
import ml_metadata.MetadataStore.Value;
import org.junit.jupiter.api.Test;

/** The Go provider's rules for turning a run's executions, events and artifacts into components. */
class RunArtifactsMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void onlyOutputEventsCountAndEachIsOneNamedArtifactWithOneInstance() {
        List<Execution> executions = List.of(execution(1, "train"));
        List<Event> events = List.of(
                event(1, 10, Event.Type.OUTPUT), event(1, 11, Event.Type.INPUT), event(1, 12, Event.Type.DECLARED_OUTPUT),
                event(1, 13, Event.Type.PENDING_OUTPUT), event(1, 14, Event.Type.INTERNAL_OUTPUT),
                event(1, 15, Event.Type.OUTPUT));
        List<Artifact> artifacts = List.of(artifact(10, "model", "gs://a/10"), artifact(11, "data", "gs://a/11"),
                artifact(12, "x", "gs://a/12"), artifact(13, "x", "gs://a/13"), artifact(14, "x", "gs://a/14"),
                artifact(15, "model", "gs://a/15"));

        List<PipelineComponent> components = RunArtifactsMapper.components(executions, events, artifacts);

        // Two outputs named alike stay two component artifacts, as upstream builds them.
        assertThat(components).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("train");
            assertThat(c.componentArtifacts()).extracting(ComponentArtifact::name).containsExactly("model", "model");
            assertThat(c.componentArtifacts()).extracting(a -> a.artifacts().size()).containsExactly(1, 1);
            assertThat(c.componentArtifacts()).extracting(a -> a.artifacts().get(0).uri())
                    .containsExactly("gs://a/10", "gs://a/15");
        });
        assertThat(RunArtifactsMapper.outputArtifactIds(events)).containsExactly(10L, 15L);
    }

    @Test
    void executionsAndArtifactsWithoutDisplayNameUnknownArtifactsAndEmptyComponentsAreLeftOut() {
        List<Execution> executions = List.of(
                Execution.newBuilder().setId(1).putCustomProperties("task_name", s("no-display-name")).build(),
                execution(2, "has-only-unnamed-outputs"), execution(3, "has-an-unknown-artifact"),
                execution(4, "kept"), execution(5, "produced-nothing"));
        List<Event> events = List.of(event(1, 10, Event.Type.OUTPUT), event(2, 20, Event.Type.OUTPUT),
                event(3, 99, Event.Type.OUTPUT), event(4, 40, Event.Type.OUTPUT),
                Event.newBuilder().setExecutionId(4).setType(Event.Type.OUTPUT).build());
        List<Artifact> artifacts = List.of(artifact(10, "lost", "gs://a/10"),
                Artifact.newBuilder().setId(20).setUri("gs://a/20").build(), artifact(40, "out", "gs://a/40"));

        assertThat(RunArtifactsMapper.components(executions, events, artifacts))
                .extracting(PipelineComponent::name).containsExactly("kept");
    }

    @Test
    void anArtifactWithoutUriHasAnEmptyUriAsUpstreamSendsIt() {
        List<PipelineComponent> components = RunArtifactsMapper.components(List.of(execution(1, "t")),
                List.of(event(1, 10, Event.Type.OUTPUT)),
                List.of(Artifact.newBuilder().setId(10).putCustomProperties("display_name", s("o")).build()));

        assertThat(components.get(0).componentArtifacts().get(0).artifacts().get(0).uri()).isEmpty();
    }

    @Test
    void propertiesBecomeMetadataIntDoubleStringAndStructButNotBoolOrProtoNorCustomProperties() throws Exception {
        Struct struct = Struct.newBuilder()
                .putFields("n", com.google.protobuf.Value.newBuilder().setNumberValue(3).build())
                .putFields("f", com.google.protobuf.Value.newBuilder().setNumberValue(0.25).build())
                .putFields("b", com.google.protobuf.Value.newBuilder().setBoolValue(true).build())
                .putFields("z", com.google.protobuf.Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                .putFields("l", com.google.protobuf.Value.newBuilder().setListValue(ListValue.newBuilder()
                        .addValues(com.google.protobuf.Value.newBuilder().setStringValue("x"))).build())
                .build();
        Artifact artifact = Artifact.newBuilder().setId(10).setUri("gs://a/10")
                .putAllProperties(props("span", i(3), "accuracy", d(0.75), "whole", d(2.0), "split", s("train"),
                        "nan", d(Double.NaN)))
                .putProperties("struct", Value.newBuilder().setStructValue(struct).build())
                .putProperties("flag", Value.newBuilder().setBoolValue(true).build())
                .putProperties("proto", Value.newBuilder().setProtoValue(Any.getDefaultInstance()).build())
                .putAllCustomProperties(props("display_name", s("model"), "pushed", i(1)))
                .build();

        Map<String, com.fasterxml.jackson.databind.JsonNode> metadata = RunArtifactsMapper.components(
                List.of(execution(1, "t")), List.of(event(1, 10, Event.Type.OUTPUT)), List.of(artifact))
                .get(0).componentArtifacts().get(0).artifacts().get(0).metadata();

        assertThat(JSON.writeValueAsString(metadata)).isEqualTo("{\"accuracy\":0.75,\"span\":3,\"split\":\"train\","
                + "\"struct\":{\"b\":true,\"f\":0.25,\"l\":[\"x\"],\"n\":3,\"z\":null},\"whole\":2,"
                + "\"mlmdArtifactId\":\"10\"}");
    }

    @Test
    void aPropertyNamedMlmdArtifactIdIsNotOverwritten() {
        Artifact artifact = artifact(10, "o", "gs://a/10").toBuilder()
                .putProperties(RunArtifactsMapper.MLMD_ARTIFACT_ID, s("theirs")).build();

        assertThat(RunArtifactsMapper.components(List.of(execution(1, "t")), List.of(event(1, 10, Event.Type.OUTPUT)),
                List.of(artifact)).get(0).componentArtifacts().get(0).artifacts().get(0).metadata())
                .containsEntry(RunArtifactsMapper.MLMD_ARTIFACT_ID, com.fasterxml.jackson.databind.node.TextNode.valueOf("theirs"));
    }

    private static Execution execution(long id, String displayName) {
        return Execution.newBuilder().setId(id).putCustomProperties("display_name", s(displayName)).build();
    }

    private static Event event(long execution, long artifact, Event.Type type) {
        return Event.newBuilder().setExecutionId(execution).setArtifactId(artifact).setType(type).build();
    }

    private static Artifact artifact(long id, String displayName, String uri) {
        return Artifact.newBuilder().setId(id).setUri(uri).putCustomProperties("display_name", s(displayName)).build();
    }
}
