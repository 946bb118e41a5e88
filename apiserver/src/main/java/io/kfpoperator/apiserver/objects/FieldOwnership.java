package io.kfpoperator.apiserver.objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.apply.ApplyException;
import io.kfpoperator.apiserver.apply.FieldManager;
import io.kfpoperator.apiserver.crd.Schemas;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.time.Instant;

/** {@link ManagedFields} by the apply package's field manager, with each kind's merge rules. */
public final class FieldOwnership implements ManagedFields {

    private final Schemas schemas;

    public FieldOwnership(Schemas schemas) {
        this.schemas = schemas;
    }

    private FieldManager manager(ResourceType type) {
        return new FieldManager(schemas.mergeRules(type), type.statusSubresource(), type.kind());
    }

    @Override
    public ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode applied, String manager, boolean force, String subresource, Instant now)
            throws ApiException {
        try {
            return manager(type).apply(live, applied, manager, force, subresource, type.groupVersion(), now);
        } catch (ApplyException e) {
            throw new ApiException(e.code(), e.status());
        }
    }

    @Override
    public void recordUpdate(ResourceType type, ObjectNode old, ObjectNode updated, String manager, String subresource, Instant now) {
        manager(type).recordUpdate(old, updated, manager, subresource, type.groupVersion(), now);
    }
}
