package io.kfpoperator.api.types;

import java.util.Optional;

/**
 * A reference written as "name" or "namespace/name" (upstream's common.NamespacedName).
 * {@code namespace} is empty when the reference names no namespace.
 */
public record NamespacedName(String namespace, String name) {

    public NamespacedName {
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    /** Parses "name" or "namespace/name"; more than one slash or an empty part is an error. */
    public static NamespacedName parse(String value) {
        if (value == null || value.isEmpty()) {
            return new NamespacedName("", "");
        }
        String[] parts = value.split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("'" + value + "' has more than one '/': expected name or namespace/name");
        }
        if (parts.length == 2) {
            if (parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new IllegalArgumentException("'" + value + "' has an empty namespace or name around '/'");
            }
            return new NamespacedName(parts[0], parts[1]);
        }
        return new NamespacedName("", parts[0]);
    }

    public static Optional<NamespacedName> tryParse(String value) {
        try {
            return Optional.of(parse(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** This reference with {@code defaultNamespace} filled in when it names none. */
    public NamespacedName inNamespace(String defaultNamespace) {
        return namespace.isEmpty() ? new NamespacedName(defaultNamespace, name) : this;
    }

    public boolean isEmpty() {
        return namespace.isEmpty() && name.isEmpty();
    }

    /** "namespace/name", or "name" without a namespace; "" when empty. */
    @Override
    public String toString() {
        if (!namespace.isEmpty() && name.isEmpty()) {
            throw new IllegalStateException("a namespaced name with namespace '" + namespace + "' has no name");
        }
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
