package io.kfpoperator.apiserver.objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.patch.Patches;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.time.Instant;

/** Placeholder until field management lands: apply merges like a merge patch, updates record nothing. */
public final class PlainManagedFields implements ManagedFields {

    @Override
    public ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode applied, String manager, boolean force, String subresource, Instant now) {
        return (ObjectNode) Patches.mergePatch(live == null ? applied.deepCopy() : live, applied);
    }

    @Override
    public void recordUpdate(ResourceType type, ObjectNode old, ObjectNode updated, String manager, String subresource, Instant now) {
    }
}
