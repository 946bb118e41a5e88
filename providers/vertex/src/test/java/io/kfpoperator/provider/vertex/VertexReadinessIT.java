package io.kfpoperator.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /readyz follows whether Vertex answers, asking it at most every 30 s. */
class VertexReadinessIT {

    private final VertexFixture fixture = new VertexFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void readyWhileVertexAnswersAndNotWhenItRefuses() {
        VertexPlatform platform = fixture.platform();
        assertThat(platform.isReady()).isTrue();

        fixture.vertex.failNext("ListPipelineJobs", Status.PERMISSION_DENIED.withDescription("aiplatform.pipelineJobs.list denied"));
        assertThat(platform.isReady()).as("a recent answer is enough; Vertex is not asked again").isTrue();

        fixture.vertex.advance(Duration.ofSeconds(31));
        assertThat(platform.isReady()).as("asked again, and refused").isFalse();
        assertThat(platform.isReady()).as("asked again, and answered").isTrue();
    }

    @Test
    void notReadyWhenVertexIsUnreachable() {
        fixture.vertex.close();

        assertThat(fixture.platform().isReady()).isFalse();
    }
}
