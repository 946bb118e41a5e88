package io.kfpoperator.provider.kfp;

import io.kfpoperator.provider.spi.PlatformConfig;
import io.kfpoperator.provider.spi.PlatformConfigurationException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The KFP platform's configuration, read from the Provider's parameters. Parameter names follow
 * upstream (restKfpApiUrl, kfpNamespace, kfpMultiUserMode, defaultExperiment,
 * grpcMetadataStoreAddress); authTokenFile, requestTimeout, maxConcurrency and
 * cronScheduleTimeZone are ours.
 */
public record KfpSettings(
        String providerName,
        URI apiUrl,
        Optional<String> pipelineRoot,
        Optional<String> namespace,
        boolean multiUserMode,
        Optional<String> defaultExperiment,
        Optional<Path> authTokenFile,
        Duration requestTimeout,
        int maxConcurrency,
        Optional<String> metadataStoreAddress,
        ZoneId cronScheduleTimeZone) {

    public static final String REST_KFP_API_URL = "restKfpApiUrl";
    public static final String KFP_NAMESPACE = "kfpNamespace";
    public static final String KFP_MULTI_USER_MODE = "kfpMultiUserMode";
    public static final String DEFAULT_EXPERIMENT = "defaultExperiment";
    public static final String AUTH_TOKEN_FILE = "authTokenFile";
    public static final String REQUEST_TIMEOUT = "requestTimeout";
    public static final String MAX_CONCURRENCY = "maxConcurrency";
    public static final String GRPC_METADATA_STORE_ADDRESS = "grpcMetadataStoreAddress";
    /**
     * The time zone KFP's scheduled workflow controller reads every recurring run's cron in (its
     * CRON_SCHEDULE_TIMEZONE; UTC unless set): KFP has no time zone per recurring run, so only
     * schedules in this zone can be carried out as written.
     */
    public static final String CRON_SCHEDULE_TIME_ZONE = "cronScheduleTimeZone";

    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Where the Go provider reads its bearer token in multi-user mode (a projected service-account token). */
    public static final Path DEFAULT_AUTH_TOKEN_FILE = Path.of("/var/run/secrets/kfp/token");

    public static KfpSettings from(PlatformConfig config) {
        return from(config, DEFAULT_AUTH_TOKEN_FILE);
    }

    /** With another default token path (tests; nothing outside the repository is read). */
    static KfpSettings from(PlatformConfig config, Path defaultAuthTokenFile) {
        String url = config.requiredParameter(REST_KFP_API_URL).trim();
        URI apiUrl;
        try {
            apiUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new PlatformConfigurationException("provider parameter '" + REST_KFP_API_URL
                    + "' is not a URL: " + url);
        }
        if (apiUrl.getScheme() == null || apiUrl.getHost() == null
                || !(apiUrl.getScheme().equals("http") || apiUrl.getScheme().equals("https"))) {
            throw new PlatformConfigurationException("provider parameter '" + REST_KFP_API_URL
                    + "' must be an http(s) URL, got: " + url);
        }
        boolean multiUser = config.parameter(KFP_MULTI_USER_MODE).map(v -> parseBoolean(KFP_MULTI_USER_MODE, v))
                .orElse(false);
        Optional<String> namespace = config.parameter(KFP_NAMESPACE).map(String::trim);
        if (multiUser && providerNamespace(config.providerName()).isEmpty()) {
            // As the Go provider: multi-user requests are scoped to the Provider's namespace, so it must have one.
            throw new PlatformConfigurationException("'" + KFP_MULTI_USER_MODE + "' requires a Provider namespace,"
                    + " but the Provider is named '" + config.providerName() + "'");
        }
        Optional<Path> tokenFile = config.parameter(AUTH_TOKEN_FILE).map(String::trim).map(Path::of);
        tokenFile.ifPresent(path -> {
            if (!path.toFile().isFile()) {
                throw new PlatformConfigurationException("provider parameter '" + AUTH_TOKEN_FILE
                        + "' names a file that does not exist: " + path);
            }
        });
        if (multiUser && tokenFile.isEmpty()) {
            // The Go provider always authenticates in multi-user mode, with the token mounted here.
            if (!defaultAuthTokenFile.toFile().isFile()) {
                throw new PlatformConfigurationException("'" + KFP_MULTI_USER_MODE + "' requires a bearer token:"
                        + " mount one at " + defaultAuthTokenFile + " or set provider parameter '"
                        + AUTH_TOKEN_FILE + "'");
            }
            tokenFile = Optional.of(defaultAuthTokenFile);
        }
        Duration timeout = config.parameter(REQUEST_TIMEOUT).map(KfpSettings::parseDuration)
                .orElse(DEFAULT_REQUEST_TIMEOUT);
        int maxConcurrency = config.parameter(MAX_CONCURRENCY).map(KfpSettings::parseMaxConcurrency).orElse(1);
        Optional<String> root = Optional.ofNullable(config.pipelineRootStorage()).filter(s -> !s.isBlank());
        Optional<String> metadataStore = config.parameter(GRPC_METADATA_STORE_ADDRESS).map(String::trim);
        metadataStore.ifPresent(KfpSettings::requireGrpcTarget);
        ZoneId cronZone = config.parameter(CRON_SCHEDULE_TIME_ZONE).map(String::trim).map(KfpSettings::parseZone).orElse(ZoneOffset.UTC);
        return new KfpSettings(config.providerName(), apiUrl, root, namespace, multiUser,
                config.parameter(DEFAULT_EXPERIMENT), tokenFile, timeout, maxConcurrency, metadataStore, cronZone);
    }

    /**
     * The namespace sent on experiment and run calls: only in multi-user mode, where KFP requires
     * it, and then the Provider's namespace, as the Go provider sends ({@code kfpNamespace} is
     * where KFP itself runs, which upstream only watches for workflows).
     */
    Optional<String> requestNamespace() {
        return multiUserMode ? providerNamespace(providerName) : Optional.empty();
    }

    private static Optional<String> providerNamespace(String providerName) {
        if (providerName == null) {
            return Optional.empty();
        }
        int slash = providerName.indexOf('/');
        return slash > 0 ? Optional.of(providerName.substring(0, slash)) : Optional.empty();
    }

    /**
     * {@code host:port} (what upstream documents, e.g. metadata-grpc-service.kubeflow:8080) or a gRPC
     * target URI such as {@code dns:///host:port}. An http(s) URL is a common slip and is refused.
     */
    private static void requireGrpcTarget(String target) {
        boolean uri = target.matches("[a-z][a-z0-9+.-]*:///?.+");
        boolean hostPort = target.matches("[^/:\\s]+:\\d{1,5}") || target.matches("\\[[0-9a-fA-F:.]+]:\\d{1,5}");
        if (target.startsWith("http:") || target.startsWith("https:") || !(uri || hostPort)) {
            throw new PlatformConfigurationException("provider parameter '" + GRPC_METADATA_STORE_ADDRESS
                    + "' must be host:port of ML Metadata's gRPC service (e.g. metadata-grpc-service.kubeflow:8080),"
                    + " got: " + target);
        }
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new PlatformConfigurationException("provider parameter '" + key
                    + "' must be true or false, got: " + value);
        };
    }

    /** Accepts ISO-8601 (PT30S), a number of seconds (30), or a suffixed value (30s, 500ms, 2m). */
    static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.startsWith("pt")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(v));
            }
            if (d.isNegative() || d.isZero()) {
                throw new NumberFormatException("not positive");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new PlatformConfigurationException("provider parameter '" + REQUEST_TIMEOUT
                    + "' must be a positive duration such as 30s or PT30S, got: " + value);
        }
    }

    private static ZoneId parseZone(String value) {
        if (!ZoneId.getAvailableZoneIds().contains(value)) {
            throw new PlatformConfigurationException("provider parameter '" + CRON_SCHEDULE_TIME_ZONE
                    + "' must be an IANA time zone such as UTC or Europe/London (KFP's CRON_SCHEDULE_TIMEZONE), got: " + value);
        }
        return ZoneId.of(value);
    }

    private static int parseMaxConcurrency(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            // KFP accepts 1..10 (RecurringRun.max_concurrency).
            if (n >= 1 && n <= 10) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new PlatformConfigurationException("provider parameter '" + MAX_CONCURRENCY
                + "' must be an integer from 1 to 10, got: " + value);
    }
}
