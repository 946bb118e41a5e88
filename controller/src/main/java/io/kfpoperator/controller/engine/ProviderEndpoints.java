package io.kfpoperator.controller.engine;

import io.kfpoperator.api.types.NamespacedName;
import java.net.URI;
import java.util.Optional;

/** Where the provider service of a Provider answers. */
public interface ProviderEndpoints {

    /** The service's base URL, or empty while the Provider has no service yet. */
    Optional<URI> endpoint(NamespacedName provider);

    /** Every Provider served by one service (the sandbox, tests). */
    static ProviderEndpoints fixed(URI uri) {
        return provider -> Optional.of(uri);
    }
}
