package io.kfpoperator.controller.sync;

import io.kfpoperator.controller.engine.EngineRequest;
import java.util.function.Supplier;

/** What a kind's reconciler worked out before synchronising: ready with a version and body, or waiting. */
public sealed interface Preparation {

    /**
     * The spec's version and, built only when a call needs it, the resource definition the
     * provider service receives; Pipelines also say how they are compiled.
     */
    record Ready(String version, Supplier<Object> definition, EngineRequest.PipelineBuild pipeline) implements Preparation {
        public Ready(String version, Supplier<Object> definition) {
            this(version, definition, null);
        }
    }

    /**
     * Something the resource depends on is not there yet (a pipeline version, a parameter's
     * artifact). Nothing is submitted; {@code message} names what is missing.
     */
    record Waiting(String reason, String message) implements Preparation {
    }
}
