package io.kfpoperator.api.v1beta1;

/** API group and version of every kind, shared with the Go kfp-operator. */
public final class Groups {

    public static final String PIPELINES = "pipelines.kubeflow.org";
    public static final String V1BETA1 = "v1beta1";
    public static final String API_VERSION = PIPELINES + "/" + V1BETA1;

    private Groups() {
    }
}
