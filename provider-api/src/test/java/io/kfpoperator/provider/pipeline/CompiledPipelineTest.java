package io.kfpoperator.provider.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kfpoperator.provider.spi.InvalidDefinitionException;
import org.junit.jupiter.api.Test;

class CompiledPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBareIrIsItsOwnSpec() throws Exception {
        JsonNode ir = JSON.readTree("{\"pipelineInfo\":{\"name\":\"p\"},\"root\":{},\"schemaVersion\":\"2.1.0\",\"sdkVersion\":\"kfp-2.7.0\"}");

        CompiledPipeline compiled = CompiledPipeline.of(ir);

        assertThat(compiled.wrapped()).isFalse();
        assertThat(compiled.spec()).isSameAs(ir);
        assertThat(compiled.schemaVersion()).isEqualTo("2.1.0");
        assertThat(compiled.sdkVersion()).isEqualTo("kfp-2.7.0");
        assertThat(compiled.wrapperLabels()).isEmpty();
    }

    @Test
    void aPipelineJobIsReadThroughItsWrapper() throws Exception {
        JsonNode job = JSON.readTree("{\"displayName\":\"p\",\"labels\":{\"tfx_version\":\"0-30-0\",\"n\":3},"
                + "\"runtimeConfig\":{},\"pipelineSpec\":{\"pipelineInfo\":{\"name\":\"p\"},\"root\":{},"
                + "\"schemaVersion\":\"2.1.0\",\"sdkVersion\":\"tfx-0.30.0\"}}");

        CompiledPipeline compiled = CompiledPipeline.of(job);

        assertThat(compiled.wrapped()).isTrue();
        assertThat(compiled.spec()).isEqualTo(job.get("pipelineSpec"));
        assertThat(compiled.schemaVersion()).isEqualTo("2.1.0");
        assertThat(compiled.sdkVersion()).isEqualTo("tfx-0.30.0");
        assertThat(compiled.wrapperLabels()).containsEntry("tfx_version", "0-30-0").containsEntry("n", "3");
    }

    @Test
    void aPipelineSpecThatIsNotAnObjectIsAClearError() throws Exception {
        assertThatThrownBy(() -> CompiledPipeline.of(JSON.readTree("{\"pipelineSpec\":\"yaml text\"}")))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("pipelineSpec")
                .hasMessageContaining("string");
    }

    @Test
    void labelsThatAreNotAnObjectAreIgnored() throws Exception {
        CompiledPipeline compiled = CompiledPipeline.of(JSON.readTree("{\"labels\":\"x\",\"pipelineSpec\":{}}"));

        assertThat(compiled.wrapperLabels()).isEmpty();
        assertThat(compiled.schemaVersion()).isEmpty();
    }
}
