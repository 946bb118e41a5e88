package io.kfpoperator.apiserver.objects;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kfpoperator.apiserver.resources.ResourceType;
import java.time.Instant;

/** Who owns which field ({@code metadata.managedFields}), and server-side apply. */
public interface ManagedFields {

    /** Server-side apply of {@code applied} by {@code manager} onto {@code live} (null: create); the new object. */
    ObjectNode apply(ResourceType type, ObjectNode live, ObjectNode applied, String manager, boolean force, String subresource, Instant now)
            throws ApiException;

    /** Records an ordinary write by {@code manager} (old null on create) in {@code updated}'s managedFields. */
    void recordUpdate(ResourceType type, ObjectNode old, ObjectNode updated, String manager, String subresource, Instant now);
}
