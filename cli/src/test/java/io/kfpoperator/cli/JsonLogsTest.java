package io.kfpoperator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.controller.logging.ReconcileLogging;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The shipped logback.xml writes one JSON object per line with the fields operators search by. */
class JsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reconcileLinesCarryTheResourceAndTheFinishedLineItsDuration() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            context.putProperty("KFP_OPERATOR_LOG_LEVEL", "DEBUG");
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(JsonLogsTest.class.getResource("/logback.xml"));
            Logger log = context.getLogger("io.kfpoperator.controller.pipeline.PipelineReconciler");

            Pipeline pipeline = new Pipeline();
            pipeline.setMetadata(new ObjectMeta());
            pipeline.getMetadata().setNamespace("team-a");
            pipeline.getMetadata().setName("penguin");
            ReconcileLogging.inReconcile(pipeline, log, () -> {
                log.info("calling provider: create pipeline team-a/penguin");
                ReconcileLogging.changed();
                return null;
            });
            log.info("outside any reconcile");
            ReconcileLogging.inReconcile(pipeline, log, () -> null);
        } finally {
            context.stop();
            System.setErr(originalErr);
        }

        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).hasSize(4);
        JsonNode inside = lines.get(0);
        assertThat(inside.path("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(inside.path("level").asText()).isEqualTo("INFO");
        assertThat(inside.path("logger").asText()).isEqualTo("io.kfpoperator.controller.pipeline.PipelineReconciler");
        assertThat(inside.path("message").asText()).isEqualTo("calling provider: create pipeline team-a/penguin");
        assertThat(inside.path("kind").asText()).isEqualTo("Pipeline");
        assertThat(inside.path("namespace").asText()).isEqualTo("team-a");
        assertThat(inside.path("name").asText()).isEqualTo("penguin");
        assertThat(inside.path("pipeline").asText()).isEqualTo("penguin");
        assertThat(inside.path("reconciliation_id").asText()).hasSize(8);
        JsonNode finished = lines.get(1);
        assertThat(finished.path("message").asText()).isEqualTo("reconcile finished (success)");
        assertThat(finished.path("duration_ms").asText()).matches("\\d+");
        assertThat(finished.path("reconciliation_id").asText()).isEqualTo(inside.path("reconciliation_id").asText());
        assertThat(finished.path("level").asText()).isEqualTo("INFO");
        assertThat(lines.get(2).has("kind")).isFalse();
        JsonNode unchanged = lines.get(3);
        assertThat(unchanged.path("level").asText()).as("a reconcile that changed nothing").isEqualTo("DEBUG");
        assertThat(unchanged.path("message").asText()).isEqualTo("reconcile finished (success, nothing changed)");
    }

    @Test
    void unknownLogLevelIsAUsageErrorNamingTheFlag() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(Main.execute("--log-level", "LOUD", "version")).isEqualTo(2);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--log-level: 'LOUD' is not one of");
    }
}
