package io.kfpoperator.provider.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Every response body of the provider REST contract: {"id"?, "providerError"?}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProviderOutput(String id, String providerError) {

    public static ProviderOutput ofId(String id) {
        return new ProviderOutput(id, null);
    }

    public static ProviderOutput ofError(String id, String providerError) {
        return new ProviderOutput(id, providerError);
    }
}
