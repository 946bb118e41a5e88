package io.kfpoperator.provider.kfp;

import io.kfpoperator.provider.spi.InvalidDefinitionException;

/**
 * Names as the Go KFP provider writes them on KFP, so that either provider finds what the other
 * created: a resource {@code ns/name} becomes the KFP display name {@code ns-name}; a name
 * without namespace stays as it is.
 */
final class KfpNames {

    private KfpNames() {
    }

    /** A namespaced name split at its only '/'; namespace "" when there is none. */
    record NamespacedName(String namespace, String name) {

        static NamespacedName parse(String value) {
            if (value == null || value.isBlank()) {
                return new NamespacedName("", "");
            }
            int slash = value.indexOf('/');
            if (slash < 0) {
                return new NamespacedName("", value);
            }
            if (value.indexOf('/', slash + 1) >= 0) {
                throw new InvalidDefinitionException("name '" + value + "' must be separated by at most one '/'");
            }
            return new NamespacedName(value.substring(0, slash), value.substring(slash + 1));
        }

        boolean isEmpty() {
            return namespace.isEmpty() && name.isEmpty();
        }

        /** The object name on KFP: namespace and name joined by '-'. */
        String kfpName() {
            return joined("-");
        }

        /** {@code ns/name}, as events and pipeline root paths carry it. */
        String path() {
            return joined("/");
        }

        private String joined(String separator) {
            if (namespace.isEmpty()) {
                return name;
            }
            if (name.isEmpty()) {
                throw new InvalidDefinitionException("namespace '" + namespace + "' given without a name");
            }
            return namespace + separator + name;
        }
    }

    /** The KFP display name of the resource {@code ns/name}. */
    static String kfpName(String namespacedName) {
        return NamespacedName.parse(namespacedName).kfpName();
    }
}
