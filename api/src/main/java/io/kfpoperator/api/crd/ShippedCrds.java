package io.kfpoperator.api.crd;

import java.io.InputStream;
import java.util.List;

/**
 * The finished CRDs this jar carries (the same files as the Helm chart's {@code crds/}), for the
 * sandbox, the migration command and tests.
 */
public final class ShippedCrds {

    public static final String GROUP = "pipelines.kubeflow.org";
    /** Plurals of our kinds, Providers first (every other kind names one). */
    public static final List<String> PLURALS = List.of("providers", "pipelines", "experiments", "runconfigurations", "runschedules", "runs");

    private ShippedCrds() {
    }

    /** The class-path resource of one CRD, e.g. {@code io/kfpoperator/api/crds/pipelines.kubeflow.org_runs.yaml}. */
    public static String resource(String plural) {
        return "io/kfpoperator/api/crds/" + GROUP + "_" + plural + ".yaml";
    }

    public static List<String> resources() {
        return PLURALS.stream().map(ShippedCrds::resource).toList();
    }

    /** Opens one CRD's YAML; the caller closes it. */
    public static InputStream open(String plural) {
        InputStream stream = ShippedCrds.class.getClassLoader().getResourceAsStream(resource(plural));
        if (stream == null) {
            throw new IllegalStateException(resource(plural) + " is missing from the class path (the kfp-operator-api jar carries it)");
        }
        return stream;
    }
}
