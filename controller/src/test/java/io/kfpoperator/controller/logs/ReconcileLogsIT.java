package io.kfpoperator.controller.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.kfpoperator.api.lifecycle.SynchronizationState;
import io.kfpoperator.api.v1beta1.Pipeline;
import io.kfpoperator.controller.testing.ControllerTestBase;
import io.kfpoperator.controller.testing.Manifests;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the controller's log says about reconciles, as an operator reading it would want. */
class ReconcileLogsIT extends ControllerTestBase {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Logger ours = (Logger) LoggerFactory.getLogger("io.kfpoperator");
    private Level previous;

    @BeforeEach
    void capture() {
        previous = ours.getLevel();
        ours.setLevel(Level.DEBUG);
        captured.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(captured);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(captured);
        ours.setLevel(previous);
    }

    private List<ILoggingEvent> finishedLinesOf(String name) {
        synchronized (captured.list) {
            return captured.list.stream()
                    .filter(e -> e.getFormattedMessage().startsWith("reconcile finished"))
                    .filter(e -> name.equals(e.getMDCPropertyMap().get("name")))
                    .toList();
        }
    }

    @Test
    void aReconcileThatChangedNothingIsDebugAndOneThatWroteIsInfo() {
        harness.apply(Manifests.staticPipeline("hello", "ghcr.io/example/hello:v1"));
        awaitState(Pipeline.class, "hello", SynchronizationState.SUCCEEDED);
        // The reconcile's last line follows its status write by a moment.
        eventually().untilAsserted(() -> assertThat(finishedLinesOf("hello")).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getFormattedMessage()).isEqualTo("reconcile finished (success)");
        }));
        harness.stopController();
        int before = finishedLinesOf("hello").size();

        // A restart reconciles every resource once; this one needs nothing on the platform or in status.
        harness.startController(config());

        eventually().atMost(Duration.ofSeconds(20)).until(() -> finishedLinesOf("hello").size() > before);
        ILoggingEvent noop = finishedLinesOf("hello").get(before);
        assertThat(noop.getLevel()).isEqualTo(Level.DEBUG);
        assertThat(noop.getFormattedMessage()).isEqualTo("reconcile finished (success, nothing changed)");
        assertThat(noop.getMDCPropertyMap()).containsKeys("kind", "namespace", "name", "reconciliation_id", "duration_ms");
    }

    @Test
    void eachFieldAppearsOnceAndATurnToFailedIsAWarningWithTheReason() {
        harness.apply(Manifests.provider("no-tfx", ""));
        harness.apply(Manifests.tfxPipeline("orphan", "kfp-operator/no-tfx", "penguin:v3"));

        awaitState(Pipeline.class, "orphan", SynchronizationState.FAILED);
        eventually().until(() -> {
            synchronized (captured.list) {
                return captured.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                        && e.getFormattedMessage().startsWith("Pipeline default/orphan failed: "));
            }
        });
        synchronized (captured.list) {
            assertThat(captured.list).filteredOn(e -> e.getMDCPropertyMap().containsKey("name")).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap().keySet())
                            .as("the SDK's resource.* copies of kind, namespace and name").noneMatch(key -> key.startsWith("resource.")));
        }
    }
}
