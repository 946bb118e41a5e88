package io.kfpoperator.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which provider REST contract a Provider's service speaks (our field). The Go operator's provider
 * images send no bearer token with their events, answer 500 for most platform refusals and do not
 * make repeated creates idempotent; the controller adapts to each of those when told.
 */
public enum ServiceContract {
    /** Ours: events carry the bearer token, 4xx are refusals, 5xx transient, creates idempotent. */
    @JsonProperty("kfp-operator")
    KFP_OPERATOR("kfp-operator"),
    /** The Go operator's provider images (sky-uk/kfp-operator provider-service). */
    @JsonProperty("go")
    GO("go");

    private final String wireName;

    ServiceContract(String wireName) {
        this.wireName = wireName;
    }

    /** The value as written in manifests. */
    public String wireName() {
        return wireName;
    }

    /** The contract of {@code provider}; ours when it does not say (or is gone). */
    public static ServiceContract of(Provider provider) {
        return provider == null || provider.getSpec() == null || provider.getSpec().getServiceContract() == null
                ? KFP_OPERATOR : provider.getSpec().getServiceContract();
    }
}
