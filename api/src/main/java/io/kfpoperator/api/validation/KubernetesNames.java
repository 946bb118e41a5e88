package io.kfpoperator.api.validation;

import java.util.regex.Pattern;

/**
 * The shapes of Kubernetes names (apimachinery's util/validation), for {@code matcher(…).matches()};
 * their length limits (63 and 253) are checked where the names are.
 */
public final class KubernetesNames {

    /** An RFC 1123 label: namespaces, service accounts. */
    public static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** An RFC 1123 subdomain: labels joined by dots, as most object names are. */
    public static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private KubernetesNames() {
    }
}
