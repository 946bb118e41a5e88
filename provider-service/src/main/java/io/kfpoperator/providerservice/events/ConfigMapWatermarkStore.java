package io.kfpoperator.providerservice.events;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the watermark in key {@code watermark} of a ConfigMap in the provider's namespace, so a
 * provider pod rescheduled to another node resumes where its predecessor stopped. The ConfigMap is
 * created on first save; the provider's service account needs get/create/update on it.
 */
public final class ConfigMapWatermarkStore implements WatermarkStore {

    static final String KEY = "watermark";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    public ConfigMapWatermarkStore(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public Optional<Watermark> load() {
        ConfigMap configMap = configMaps().get();
        if (configMap == null || configMap.getData() == null || configMap.getData().get(KEY) == null) {
            return Optional.empty();
        }
        return Optional.of(WatermarkJson.read(configMap.getData().get(KEY), describe()));
    }

    @Override
    public void save(Watermark watermark) {
        String json = WatermarkJson.write(watermark);
        try {
            ConfigMap existing = configMaps().get();
            if (existing == null) {
                client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                        .withNewMetadata().withName(name).withNamespace(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", "kfp-operator-provider-service").endMetadata()
                        .withData(Map.of(KEY, json))
                        .build()).create();
            } else {
                configMaps().edit(cm -> new ConfigMapBuilder(cm).addToData(KEY, json).build());
            }
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("cannot write the delivery watermark to " + describe() + ": " + e.getMessage(), e);
        }
    }

    private io.fabric8.kubernetes.client.dsl.Resource<ConfigMap> configMaps() {
        return client.configMaps().inNamespace(namespace).withName(name);
    }

    @Override
    public String describe() {
        return "ConfigMap " + namespace + "/" + name;
    }
}
