package io.kfpoperator.provider.vertex;

import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Vertex AI platform's configuration, read once from the Provider's parameters (upstream's
 * names). Optional values are empty strings rather than null so callers need no null checks.
 */
public record VertexSettings(
        String providerName,
        String pipelineRootStorage,
        String project,
        String location,
        String pipelineBucket,
        String jobServiceAccount,
        String networkAttachment,
        long maxConcurrentRunCount,
        String gcsEndpoint,
        String eventsSubscription) {

    public static final String PROJECT = "vaiProject";
    public static final String LOCATION = "vaiLocation";
    public static final String BUCKET = "pipelineBucket";
    public static final String JOB_SERVICE_ACCOUNT = "vaiJobServiceAccount";
    public static final String NETWORK_ATTACHMENT = "pscNetworkAttachment";
    public static final String MAX_CONCURRENT_RUN_COUNT = "maxConcurrentRunCount";
    public static final String GCS_ENDPOINT = "gcsEndpoint";
    public static final String EVENTS_SUBSCRIPTION = "eventsourcePipelineEventsSubscription";
    public static final long DEFAULT_MAX_CONCURRENT_RUN_COUNT = 10;
    /** Pub/Sub's rules: project ids and subscription ids (3–255 characters, starting with a letter, no slash). */
    private static final Pattern SUBSCRIPTION_NAME = Pattern.compile(
            "projects/[a-z][-a-z0-9.:]{4,}[a-z0-9]/subscriptions/[A-Za-z][-A-Za-z0-9._~+%]{2,254}");

    public static VertexSettings from(PlatformConfig config) {
        String bucket = config.requiredParameter(BUCKET);
        if (bucket.startsWith("gs://")) {
            // Users write bucket URIs; the storage API wants the bare name.
            bucket = bucket.substring("gs://".length());
        }
        if (bucket.endsWith("/")) {
            bucket = bucket.substring(0, bucket.length() - 1);
        }
        return new VertexSettings(
                config.providerName(),
                Optional.ofNullable(config.pipelineRootStorage()).orElse(""),
                config.requiredParameter(PROJECT),
                config.requiredParameter(LOCATION),
                bucket,
                config.parameter(JOB_SERVICE_ACCOUNT).orElse(""),
                config.parameter(NETWORK_ATTACHMENT).orElse(""),
                config.parameter(MAX_CONCURRENT_RUN_COUNT).map(VertexSettings::positiveCount)
                        .orElse(DEFAULT_MAX_CONCURRENT_RUN_COUNT),
                config.parameter(GCS_ENDPOINT).orElse(""),
                config.parameter(EVENTS_SUBSCRIPTION).map(VertexSettings::subscriptionName).orElse(""));
    }

    /** Only the full name works with the Pub/Sub API; a short name would fail on the first pull, long after start-up. */
    private static String subscriptionName(String value) {
        String name = value.trim();
        if (!SUBSCRIPTION_NAME.matcher(name).matches()) {
            throw new PlatformConfigurationException("provider parameter '" + EVENTS_SUBSCRIPTION
                    + "' must be a full subscription name projects/<project>/subscriptions/<subscription>, was '" + value + "'");
        }
        return name;
    }

    /** True when completion comes from the Pub/Sub subscription rather than from polling. */
    public boolean usesPubSub() {
        return !eventsSubscription.isEmpty();
    }

    private static long positiveCount(String value) {
        try {
            long count = Long.parseLong(value.trim());
            if (count > 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below with the parameter's name
        }
        throw new PlatformConfigurationException("provider parameter '" + MAX_CONCURRENT_RUN_COUNT
                + "' must be a positive whole number, was '" + value + "'");
    }

    /** {@code projects/<project>/locations/<location>}, the parent of every job and schedule. */
    public String parent() {
        return "projects/" + project + "/locations/" + location;
    }

    /** The regional API endpoint (Vertex has no global endpoint for pipeline jobs). */
    public String apiEndpoint() {
        return location + "-aiplatform.googleapis.com:443";
    }

    public String pipelineJobName(String pipelineJobId) {
        return parent() + "/pipelineJobs/" + pipelineJobId;
    }

    /** The Provider's name without its namespace ("ns/name" → "name"). */
    public String providerShortName() {
        int slash = providerName.indexOf('/');
        return slash < 0 ? providerName : providerName.substring(slash + 1);
    }

    public String providerNamespace() {
        int slash = providerName.indexOf('/');
        return slash < 0 ? "" : providerName.substring(0, slash);
    }
}
