package io.kfpoperator.controller.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kfpoperator.api.v1beta1.Provider;
import io.kfpoperator.api.v1beta1.ProviderSpec;
import io.kfpoperator.controller.config.OperatorConfig.DefaultProviderValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Deployment and Service that run a Provider's provider service, built from
 * the Provider and the operator's {@code defaultProviderValues} only: no client, no clock, so the
 * same inputs always give the same objects and a re-reconcile can compare them with what exists.
 */
public final class ProviderDeployments {

    public static final String APP_LABEL = "app";
    /** Hash of what we last wrote, so a removed list entry (invisible to a subset comparison) is still noticed. */
    public static final String SPEC_HASH_ANNOTATION = "pipelines.kubeflow.org/spec-hash";
    public static final String HTTP_PORT = "http";
    public static final String METRICS_PORT = "metrics";
    public static final String PROVIDER_NAME_ENV = "PROVIDERNAME";
    public static final String PIPELINE_ROOT_STORAGE_ENV = "PIPELINEROOTSTORAGE";
    public static final String PARAMETERS_ENV_PREFIX = "PARAMETERS_";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderDeployments() {
    }

    /** {@code provider-<name>}: the app label value and the prefix of the generated names. */
    public static String appName(String providerName) {
        return "provider-" + providerName;
    }

    /**
     * The provider service Deployment.
     *
     * @throws InvalidProviderTemplateException when the configured pod template cannot run the service
     */
    public static Deployment deployment(Provider provider, DefaultProviderValues defaults) {
        String app = appName(provider.getMetadata().getName());
        PodTemplateSpec template = podTemplate(provider, defaults, app);
        Deployment deployment = new DeploymentBuilder()
                .withMetadata(metadata(provider, defaults, app))
                .withNewSpec()
                .withReplicas(defaults.replicas())
                .withNewSelector().withMatchLabels(Map.of(APP_LABEL, app)).endSelector()
                .withTemplate(template)
                .endSpec()
                .build();
        deployment.getMetadata().setAnnotations(Map.of(SPEC_HASH_ANNOTATION, Semantics.hash(deployment.getSpec(), deployment.getMetadata().getLabels())));
        return deployment;
    }

    /** The ClusterIP Service in front of the provider service pods. */
    public static Service service(Provider provider, DefaultProviderValues defaults) {
        String app = appName(provider.getMetadata().getName());
        Service service = new ServiceBuilder()
                .withMetadata(metadata(provider, defaults, app))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Map.of(APP_LABEL, app))
                .withPorts(
                        new ServicePortBuilder().withName(HTTP_PORT).withProtocol("TCP").withPort(defaults.servicePort())
                                .withTargetPort(new IntOrString(defaults.servicePort())).build(),
                        // The provider service serves /metrics on its contract port; the metrics port
                        // (upstream's second Service port, what a ServiceMonitor names) leads there.
                        new ServicePortBuilder().withName(METRICS_PORT).withProtocol("TCP").withPort(defaults.metricsPort())
                                .withTargetPort(new IntOrString(defaults.servicePort())).build())
                .endSpec()
                .build();
        service.getMetadata().setAnnotations(Map.of(SPEC_HASH_ANNOTATION, Semantics.hash(service.getSpec(), service.getMetadata().getLabels())));
        return service;
    }

    /**
     * Whether {@code existing} already is {@code desired}: what we last wrote is unchanged (hash) and
     * every field we set still has our value. Fields we leave unset (those the API server defaults,
     * e.g. a Service's clusterIP) are not compared, or every reconcile on a real cluster would update.
     */
    public static boolean upToDate(Deployment desired, Deployment existing) {
        return sameHash(desired, existing)
                && Semantics.isDerivative(desired.getMetadata().getLabels(), existing.getMetadata().getLabels())
                && Semantics.isDerivative(desired.getSpec(), existing.getSpec());
    }

    /** As {@link #upToDate(Deployment, Deployment)}, for the Service. */
    public static boolean upToDate(Service desired, Service existing) {
        return sameHash(desired, existing)
                && Semantics.isDerivative(desired.getMetadata().getLabels(), existing.getMetadata().getLabels())
                && Semantics.isDerivative(desired.getSpec(), existing.getSpec());
    }

    /** Whether {@code resource} carries a controller owner reference to this very Provider (same uid). */
    public static boolean isControlledBy(HasMetadata resource, Provider provider) {
        List<OwnerReference> owners = resource.getMetadata().getOwnerReferences();
        String uid = provider.getMetadata().getUid();
        return owners != null && uid != null && owners.stream()
                .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid()));
    }

    private static boolean sameHash(HasMetadata desired, HasMetadata existing) {
        Map<String, String> annotations = existing.getMetadata().getAnnotations();
        return annotations != null
                && Objects.equals(annotations.get(SPEC_HASH_ANNOTATION), desired.getMetadata().getAnnotations().get(SPEC_HASH_ANNOTATION));
    }

    private static ObjectMeta metadata(Provider provider, DefaultProviderValues defaults, String app) {
        Map<String, String> labels = new TreeMap<>(defaults.labels());
        labels.put(APP_LABEL, app);
        return new ObjectMetaBuilder()
                .withGenerateName(app + "-")
                .withNamespace(provider.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(ownerReference(provider))
                .build();
    }

    static OwnerReference ownerReference(Provider provider) {
        return new OwnerReferenceBuilder()
                .withApiVersion(HasMetadata.getApiVersion(Provider.class))
                .withKind(HasMetadata.getKind(Provider.class))
                .withName(provider.getMetadata().getName())
                .withUid(provider.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    private static PodTemplateSpec podTemplate(Provider provider, DefaultProviderValues defaults, String app) {
        PodTemplateSpec template = baseTemplate(defaults);
        if (template.getMetadata() == null) {
            template.setMetadata(new ObjectMeta());
        }
        Map<String, String> podLabels = new LinkedHashMap<>(template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        podLabels.put(APP_LABEL, app);
        template.getMetadata().setLabels(podLabels);

        PodSpec pod = template.getSpec();
        ProviderSpec spec = provider.getSpec();
        pod.setServiceAccountName(spec.getServiceAccount());
        pod.setVolumes(mergeBy(pod.getVolumes(), spec.getPodTemplateVolumes(), Volume::getName));

        Container container = pod.getContainers().stream()
                .filter(c -> defaults.serviceContainerName().equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new InvalidProviderTemplateException("container '" + defaults.serviceContainerName()
                        + "' (defaultProviderValues.serviceContainerName) not found in defaultProviderValues.podTemplateSpec"));
        container.setImage(spec.getServiceImage());
        List<EnvVar> env = mergeBy(container.getEnv(), operatorEnv(provider), EnvVar::getName);
        container.setEnv(mergeBy(env, spec.getPodTemplateEnv(), EnvVar::getName));
        container.setVolumeMounts(mergeBy(container.getVolumeMounts(), spec.getPodTemplateVolumeMounts(), VolumeMount::getMountPath));
        // One port: the contract, /metrics, /livez and /readyz (nothing would listen on a second one).
        container.setPorts(mergeBy(container.getPorts(), List.of(containerPort(HTTP_PORT, defaults.servicePort())), ContainerPort::getName));
        return template;
    }

    /** A fresh copy of the configured pod template, or a single service container when none is configured. */
    private static PodTemplateSpec baseTemplate(DefaultProviderValues defaults) {
        JsonNode configured = defaults.podTemplateSpec();
        PodTemplateSpec template;
        if (configured == null || configured.isNull() || configured.isMissingNode()) {
            template = new PodTemplateSpec();
        } else {
            try {
                template = JSON.treeToValue(configured, PodTemplateSpec.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new InvalidProviderTemplateException("defaultProviderValues.podTemplateSpec is not a pod template: " + e.getMessage());
            }
        }
        if (template.getSpec() == null) {
            template.setSpec(new PodSpec());
        }
        if (template.getSpec().getContainers() == null || template.getSpec().getContainers().isEmpty()) {
            if (configured == null || configured.isNull() || configured.isMissingNode()) {
                template.getSpec().setContainers(new ArrayList<>(List.of(new Container())));
                template.getSpec().getContainers().get(0).setName(defaults.serviceContainerName());
            } else {
                template.getSpec().setContainers(new ArrayList<>());
            }
        }
        return template;
    }

    /** PROVIDERNAME, PIPELINEROOTSTORAGE and one PARAMETERS_<KEY> per parameter, sorted by name. */
    static List<EnvVar> operatorEnv(Provider provider) {
        ProviderSpec spec = provider.getSpec();
        List<EnvVar> env = new ArrayList<>();
        env.add(envVar(PROVIDER_NAME_ENV, provider.getMetadata().getNamespace() + "/" + provider.getMetadata().getName()));
        env.add(envVar(PIPELINE_ROOT_STORAGE_ENV, spec.getPipelineRootStorage()));
        if (spec.getParameters() != null) {
            spec.getParameters().forEach((key, value) ->
                    env.add(envVar(PARAMETERS_ENV_PREFIX + key.toUpperCase(Locale.ROOT), parameterValue(value))));
        }
        env.sort(Comparator.comparing(EnvVar::getName));
        return env;
    }

    /** JSON strings as their text (no quotes), anything else as compact JSON: what the provider service parses. */
    static String parameterValue(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static EnvVar envVar(String name, String value) {
        EnvVar env = new EnvVar();
        env.setName(name);
        env.setValue(value);
        return env;
    }

    private static ContainerPort containerPort(String name, int port) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
    }

    /**
     * {@code base} with {@code overrides} applied by key: an override replaces the entry with the
     * same key where it stands, new keys are appended in their order.
     */
    static <T> List<T> mergeBy(List<T> base, List<T> overrides, Function<T, String> key) {
        List<T> merged = new ArrayList<>(base == null ? List.of() : base);
        if (overrides == null) {
            return merged;
        }
        for (T override : overrides) {
            if (override == null) {
                continue;
            }
            String k = key.apply(override);
            int at = -1;
            for (int i = 0; i < merged.size(); i++) {
                if (Objects.equals(key.apply(merged.get(i)), k)) {
                    at = i;
                    break;
                }
            }
            if (at >= 0) {
                merged.set(at, override);
            } else {
                merged.add(override);
            }
        }
        return merged;
    }
}
