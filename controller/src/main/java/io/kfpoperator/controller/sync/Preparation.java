package io.kfpoperator.controller.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.controller.compile.Compilation;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** What a kind's reconciler worked out before synchronising: ready with a version and body, or waiting. */
public sealed interface Preparation {

    /**
     * The spec's version and, built only when a call needs it, the resource definition the
     * provider service receives; Pipelines also say how they are compiled.
     */
    record Ready(String version, Supplier<Object> definition, PipelineBuild pipeline) implements Preparation {
        public Ready(String version, Supplier<Object> definition) {
            this(version, definition, null);
        }
    }

    /**
     * How a Pipeline becomes a compiled definition.
     *
     * @param frameworkImage the Provider framework's compiler image when the Pipeline's framework is
     *                       listed (an engine that compiles in its Workflow uses it)
     * @param compile        compiles in or for the controller (static, simulated, or a Job)
     */
    record PipelineBuild(Optional<String> frameworkImage, Function<ObjectNode, Compilation> compile) {
    }

    /**
     * Something the resource depends on is not there yet (a pipeline version, a parameter's
     * artifact). Nothing is submitted; {@code message} names what is missing. {@code absent}: what
     * it depends on does not exist at all (a deleted Pipeline), which the state shows as Failed
     * until it exists again.
     */
    record Waiting(String reason, String message, boolean absent) implements Preparation {
        public Waiting(String reason, String message) {
            this(reason, message, false);
        }
    }
}
