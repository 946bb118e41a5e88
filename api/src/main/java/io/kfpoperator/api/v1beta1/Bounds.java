package io.kfpoperator.api.v1beta1;

/**
 * Size limits of the CRDs' strings, lists and maps ({@code maxLength}, {@code maxItems},
 * {@code maxProperties}). Every bound is far above what a real manifest needs and, where
 * Kubernetes has a limit for the same kind of value, is that limit. They also bound what the API
 * server assumes when it estimates the cost of the CEL rules: without them it sizes every list
 * and string by the 3 MiB request limit. Each field's description says its bound and why.
 */
public final class Bounds {

    /** A Kubernetes object name (DNS subdomain). */
    public static final long NAME = 253;
    /** A namespace, or another DNS label. */
    public static final long LABEL = 63;
    /** "namespace/name": a namespace (63), '/' and an object name (253). */
    public static final long NAMESPACED_NAME = LABEL + 1 + NAME;
    /** "name:version": a Pipeline name (253), ':' and a version (an image tag of at most 128 and a 7-character hash suffix). */
    public static final long PIPELINE_REFERENCE = 512;
    /** A container image reference: a 255-character name, a 128-character tag and a digest fit. */
    public static final long IMAGE = 1024;
    /** A URI or a file path (Linux PATH_MAX). */
    public static final long URI = 4096;
    /** A version string of status: an image tag (128) and a hash. */
    public static final long VERSION = 256;
    /** An id on the ML platform (a UUID, or a resource name such as projects/…/pipelineJobs/…). */
    public static final long PLATFORM_ID = 1024;
    /** An RFC 3339 time; the longest, with nanoseconds and an offset, has 35 characters. */
    public static final long TIME = 64;
    /** An IANA time zone name; the longest in the tz database has 32 characters. */
    public static final long TIME_ZONE = 64;
    /** A cron expression with 5 or 6 fields. */
    public static final long CRON = 512;
    /** A parameter or environment value: 32 KiB, the size Kubernetes allows a condition message. */
    public static final long VALUE = 32768;
    /** The value of a RunConfiguration's run-now annotation: an opaque token such as a timestamp or a UUID. */
    public static final long RUN_NOW_TOKEN = 128;
    /** Free text such as an experiment description. */
    public static final long TEXT = 4096;
    /** An artifact path with its filter expression. */
    public static final long ARTIFACT_PATH = 1024;
    /** A framework patch document. */
    public static final long PATCH = 65536;

    /** Kubernetes' limits for metav1.Condition. */
    public static final long CONDITION_TYPE = 316;
    public static final long CONDITION_REASON = 1024;
    public static final long CONDITION_MESSAGE = 32768;
    public static final long CONDITIONS = 32;

    public static final long PARAMETERS = 256;
    public static final long ARTIFACTS = 100;
    public static final long ENV = 256;
    public static final long SCHEDULES = 100;
    public static final long ON_CHANGE = 2;
    public static final long TRIGGER_RUN_CONFIGURATIONS = 100;
    /** Parameter references (256) and trigger RunConfigurations (100) of one RunConfiguration, with room. */
    public static final long DEPENDENCIES = 512;
    public static final long FRAMEWORK_PARAMETERS = 100;
    public static final long PROVIDER_PARAMETERS = 100;
    public static final long FRAMEWORKS = 64;
    public static final long PATCHES = 64;
    public static final long ALLOWED_NAMESPACES = 1024;
    public static final long POD_ENV = 1024;
    public static final long POD_VOLUMES = 256;
    public static final long POD_VOLUME_MOUNTS = 256;

    private Bounds() {
    }
}
