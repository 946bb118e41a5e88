package io.kfpoperator.apiserver.objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one kind does on write beyond the generic rules, as kube-apiserver's per-kind strategies
 * do (a namespace gets its finalizer and phase, a CRD is checked and gets its status).
 */
public interface Strategy {

    /** Called on create ({@code old} null) and update of the main resource, after the generic checks and before validation. */
    void prepare(ObjectNode object, ObjectNode old) throws ApiException;

    /** Called on an update of the status subresource ({@code object} carries the requested status), before validation. */
    default void prepareStatus(ObjectNode object, ObjectNode old) throws ApiException {
    }
}
