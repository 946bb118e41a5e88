package io.kfpoperator.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.kfpoperator.apiserver.apply.Fixtures.T1;
import static io.kfpoperator.apiserver.apply.Fixtures.T2;
import static io.kfpoperator.apiserver.apply.Fixtures.json;
import static io.kfpoperator.apiserver.apply.Fixtures.stored;
import static io.kfpoperator.apiserver.apply.Fixtures.yaml;
import static io.kfpoperator.apiserver.apply.ManagedFieldsAssert.assertManagedFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuiltinRulesTest {

    private final FieldManager deployments = new FieldManager(MergeRules.builtin("apps", "Deployment"), true, "Deployment");
    private final FieldManager services = new FieldManager(MergeRules.builtin("", "Service"), true, "Service");

    private static ObjectNode deployment(String containersYaml) {
        return yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: ns, labels: {app: web}}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                """ + containersYaml.indent(8) + """
                      volumes: [{name: data, emptyDir: {}}]
                """);
    }

    @Test
    void deploymentContainersPortsEnvAndVolumesAreKeyedAsKubeDeclaresThem() {
        ObjectNode created = deployments.apply(null, deployment("""
                - name: web
                  image: nginx
                  args: [--port, "8080"]
                  ports: [{containerPort: 80}]
                  env: [{name: A, value: "1"}]
                  volumeMounts: [{name: data, mountPath: /data}]
                """), "kfp-operator", true, null, "apps/v1", T1);

        assertManagedFields(created, """
                [{"manager":"kfp-operator","operation":"Apply","apiVersion":"apps/v1","time":"2024-05-01T10:00:00Z",
                  "fieldsType":"FieldsV1","fieldsV1":{
                    "f:metadata":{"f:labels":{"f:app":{}}},
                    "f:spec":{"f:replicas":{},"f:selector":{},"f:template":{
                      "f:metadata":{"f:labels":{"f:app":{}}},
                      "f:spec":{
                        "f:containers":{"k:{\\"name\\":\\"web\\"}":{".":{},"f:args":{},
                          "f:env":{"k:{\\"name\\":\\"A\\"}":{".":{},"f:name":{},"f:value":{}}},
                          "f:image":{},"f:name":{},
                          "f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}},
                          "f:volumeMounts":{"k:{\\"mountPath\\":\\"/data\\"}":{".":{},"f:mountPath":{},"f:name":{}}}}},
                        "f:volumes":{"k:{\\"name\\":\\"data\\"}":{".":{},"f:emptyDir":{},"f:name":{}}}}}}}}]
                """);
    }

    @Test
    void aContainerAddedByAnotherManagerSurvivesTheControllersNextApply() {
        ObjectNode config = deployment("- {name: web, image: nginx}\n");
        ObjectNode live = stored(deployments.apply(null, config, "kfp-operator", true, null, "apps/v1", T1));
        ObjectNode injected = live.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) injected.at("/spec/template/spec/containers"))
                .add(json("{\"name\":\"sidecar\",\"image\":\"envoy\"}"));
        deployments.recordUpdate(live, injected, "istio", null, "apps/v1", T2);

        ObjectNode result = deployments.apply(injected, deployment("- {name: web, image: nginx:2}\n"), "kfp-operator", true, null, "apps/v1", T2);

        assertThat(result.at("/spec/template/spec/containers")).isEqualTo(json("""
                {"c":[{"name":"web","image":"nginx:2"},{"name":"sidecar","image":"envoy"}]}
                """).get("c"));
    }

    @Test
    void theSelectorIsAtomicSoAnotherManagersSelectorConflictsWhole() {
        ObjectNode live = stored(deployments.apply(null, deployment("- {name: web, image: nginx}\n"), "kfp-operator", true, null, "apps/v1", T1));
        ObjectNode other = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: ns}
                spec:
                  selector: {matchLabels: {app: web, tier: front}}
                """);

        assertThatThrownBy(() -> deployments.apply(live, other, "kubectl", false, null, "apps/v1", T2))
                .hasMessage("Apply failed with 1 conflict: conflict with \"kfp-operator\": .spec.selector");
    }

    @Test
    void duplicateContainerNamesAreRejected() {
        assertThatThrownBy(() -> deployments.apply(null, deployment("- {name: web, image: a}\n- {name: web, image: b}\n"),
                "kfp-operator", true, null, "apps/v1", T1))
                .isInstanceOf(ApplyException.class)
                .hasMessage("failed to create typed patch object (ns/web; apps/v1, Kind=Deployment): "
                        + ".spec.template.spec.containers: duplicate entries for key [name=\"web\"]");
    }

    @Test
    void servicePortsAreKeyedByPortAndProtocolAndTheSelectorIsAtomic() {
        ObjectNode created = services.apply(null, yaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: ns}
                spec:
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                """), "kfp-operator", true, null, "v1", T1);

        assertManagedFields(created, """
                [{"manager":"kfp-operator","operation":"Apply","apiVersion":"v1","time":"2024-05-01T10:00:00Z",
                  "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{
                    "f:ports":{"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:name":{},"f:port":{},"f:targetPort":{}}},
                    "f:selector":{}}}}]
                """);
    }

    @Test
    void ownerReferencesAreKeyedByUidAndOwnedWholeAndFinalizersAreASet() {
        ObjectNode config = yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                  namespace: ns
                  finalizers: [pipelines.kubeflow.org/cleanup]
                  ownerReferences:
                  - {apiVersion: pipelines.kubeflow.org/v1beta1, kind: Pipeline, name: p, uid: u-1, controller: true}
                """);

        ObjectNode created = new FieldManager(MergeRules.builtin("", "ConfigMap"), false, "ConfigMap")
                .apply(null, config, "kfp-operator", true, null, "v1", T1);

        assertThat(created.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("""
                {"f:metadata":{"f:finalizers":{"v:\\"pipelines.kubeflow.org/cleanup\\"":{}},
                               "f:ownerReferences":{"k:{\\"uid\\":\\"u-1\\"}":{}}}}
                """));
    }

    @Test
    void otherKindsAreStructsWithAtomicLists() {
        FieldManager configMaps = new FieldManager(MergeRules.builtin("", "ConfigMap"), false, "ConfigMap");
        FieldManager other = new FieldManager(MergeRules.builtin("networking.k8s.io", "Ingress"), false, "Ingress");

        ObjectNode cm = configMaps.apply(null, yaml("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, namespace: ns}
                data: {key: value}
                """), "kfp-operator", true, null, "v1", T1);
        ObjectNode ingress = other.apply(null, yaml("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: i, namespace: ns}
                spec:
                  rules: [{host: example.com}]
                  defaultBackend: {service: {name: web}}
                """), "kfp-operator", true, null, "networking.k8s.io/v1", T1);

        assertThat(cm.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("{\"f:data\":{\"f:key\":{}}}"));
        assertThat(ingress.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("""
                {"f:spec":{"f:defaultBackend":{"f:service":{"f:name":{}}},"f:rules":{}}}
                """));
    }
}
