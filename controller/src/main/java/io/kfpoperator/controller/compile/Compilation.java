package io.kfpoperator.controller.compile;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a compilation stands. Failures are thrown as
 * {@link DefinitionException}, saying whether a retry may help.
 */
public sealed interface Compilation {

    /** The compiled pipeline (KFP IR as a tree). */
    record Compiled(JsonNode pipeline) implements Compilation {
    }

    /**
     * Compilation runs elsewhere (a Kubernetes Job) and has not finished; the Pipeline is
     * reconciled again when it does. {@code message} says what is being waited for.
     */
    record InProgress(String message) implements Compilation {
    }
}
